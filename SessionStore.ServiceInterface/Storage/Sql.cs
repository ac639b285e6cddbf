using System.Data.Common;
using System.Runtime.CompilerServices;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Plain ADO.NET for the few queries whose shape is only known at run time (the database browser).</summary>
internal static class Sql
{
    /// <summary>Double-quotes an identifier. Only ever given names read from the schema, never from a request.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Runs a query with parameters <c>@p0</c>, <c>@p1</c>, ... and yields each row's values, with null for SQL NULL.</summary>
    public static async IAsyncEnumerable<object?[]> QueryAsync(
        DbConnection connection, string sql, IReadOnlyList<object?> parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            for (var i = 0; i < values.Length; i++)
                if (values[i] is DBNull) values[i] = null;
            yield return values;
        }
    }

    public static async Task<long> ScalarAsync(DbConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameter.Value = parameters[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
