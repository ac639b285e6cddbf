using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Plain ADO.NET for the statements whose shape is only known at run time or that run outside linq2db (the database
/// browser, recovery, the request log, pragmas). Parameters are named <c>@p0</c>, <c>@p1</c>, ... in the order given.
/// </summary>
internal static class SqlCommands
{
    /// <summary>Double-quotes an identifier. Only ever given names read from the schema, never from a request.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A string literal of a name read from the schema, for the SQLite pragma functions that take one.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A command with <paramref name="parameterCount"/> parameters, all null until bound.</summary>
    public static TCommand Command<TCommand>(DbConnection connection, string sql, int parameterCount = 0) where TCommand : DbCommand
    {
        var command = (TCommand)connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterName(i);
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Sets the command's parameters, in order; null becomes SQL NULL.</summary>
    public static void Bind(DbCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public static int Execute(DbConnection connection, string sql, params ReadOnlySpan<object?> parameters)
    {
        using var command = Command<DbCommand>(connection, sql, parameters.Length);
        Bind(command, parameters);
        return command.ExecuteNonQuery();
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command<DbCommand>(connection, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of every row, as text.</summary>
    public static List<string> Strings(DbConnection connection, string sql)
    {
        using var command = Command<DbCommand>(connection, sql);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    public static long Scalar(DbConnection connection, string sql, params ReadOnlySpan<object?> parameters)
    {
        using var command = Command<DbCommand>(connection, sql, parameters.Length);
        Bind(command, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static async Task<long> ScalarAsync(DbConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command<DbCommand>(connection, sql, parameters.Count);
        Bind(command, [.. parameters]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs a query and yields each row's values as SQLite hands them over, whichever the provider: null for SQL NULL,
    /// long for every integer, double for every float, ISO-8601 text for a timestamp.
    /// </summary>
    public static async IAsyncEnumerable<object?[]> QueryAsync(
        DbConnection connection, string sql, IReadOnlyList<object?> parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command<DbCommand>(connection, sql, parameters.Count);
        Bind(command, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            for (var i = 0; i < values.Length; i++) values[i] = Normalized(values[i]);
            yield return values;
        }
    }

    private static string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    private static object? Normalized(object? value) => value switch
    {
        DBNull => null,
        int or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float single => (double)single,
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        _ => value,
    };
}
