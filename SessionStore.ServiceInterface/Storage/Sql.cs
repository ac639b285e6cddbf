using System.Data.Common;
using System.Runtime.CompilerServices;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Plain ADO.NET for the few queries whose shape is only known at run time (the database browser).</summary>
internal static class Sql
{
    /// <summary>Double-quotes an identifier. Only ever given names read from the schema, never from a request.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Runs a query with parameters <c>@p0</c>, <c>@p1</c>, ... and yields each row's values as SQLite hands them over,
    /// whichever the provider: null for SQL NULL, long for every integer, double for every float, ISO-8601 text for a timestamp.
    /// </summary>
    public static async IAsyncEnumerable<object?[]> QueryAsync(
        DbConnection connection, string sql, IReadOnlyList<object?> parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            for (var i = 0; i < values.Length; i++) values[i] = Normalized(values[i]);
            yield return values;
        }
    }

    private static object? Normalized(object? value) => value switch
    {
        DBNull => null,
        int or short or byte => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        float single => (double)single,
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

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
