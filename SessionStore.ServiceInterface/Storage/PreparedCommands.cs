using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Commands made once per connection for a fixed SQL text and run again with new values, so the database prepares the
/// statement once rather than per write: on the writer, preparing costs more than running a small upsert.
/// </summary>
public static class PreparedCommands
{
    private static readonly ConditionalWeakTable<DbConnection, ConcurrentDictionary<string, DbCommand>> ByConnection = [];

    /// <summary>The command for <paramref name="sql"/> on the db's connection, in its transaction, bound to <paramref name="values"/> (@p0, @p1, ...).</summary>
    public static DbCommand Ready(SessionStoreDb db, string sql, params ReadOnlySpan<object?> values)
    {
        var connection = db.OpenDbConnection();
        var parameterCount = values.Length;
        var command = ByConnection.GetValue(connection, _ => new ConcurrentDictionary<string, DbCommand>())
            .GetOrAdd(sql, text => SqlCommands.Command<DbCommand>(connection, text, parameterCount));
        command.Transaction = db.Transaction;
        SqlCommands.Bind(command, values);
        return command;
    }
}
