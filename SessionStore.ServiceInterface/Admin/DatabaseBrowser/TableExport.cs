using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Admin.DatabaseBrowser;

/// <summary>
/// Writes rows as CSV or JSON while they are read, flushing as it goes, so memory stays flat for any
/// number of rows. Blobs are lowercase hex in both.
/// </summary>
public static class TableExport
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>RFC 4180 with a header row and CRLF line ends.</summary>
    public static async Task WriteCsvAsync(Stream body, TableSchema table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), FlushBytes, leaveOpen: true);
        var line = new StringBuilder();
        AppendCsvLine(line, table.Columns.Select(c => (object?)c.Name));
        await writer.WriteAsync(line, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            AppendCsvLine(line, row);
            await writer.WriteAsync(line, cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>An array with one object per row, keyed by column name.</summary>
    public static async Task WriteJsonAsync(Stream body, TableSchema table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartArray();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < row.Length; i++)
            {
                json.WritePropertyName(table.Columns[i].Name);
                WriteJsonValue(json, row[i]);
            }
            json.WriteEndObject();
            if (json.BytesPending > FlushBytes) await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>One row as a JSON object, keyed by column name: what the row page returns.</summary>
    public static JsonObject ToJsonObject(TableSchema table, object?[] row)
    {
        var result = new JsonObject();
        for (var i = 0; i < row.Length; i++)
            result[table.Columns[i].Name] = row[i] switch
            {
                null => null,
                long integer => JsonValue.Create(integer),
                double real => JsonValue.Create(real),
                var other => JsonValue.Create(Text(other)),
            };
        return result;
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case long integer: json.WriteNumberValue(integer); break;
            case double real: json.WriteNumberValue(real); break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }

    private static string Text(object value) => value switch
    {
        byte[] bytes => Convert.ToHexStringLower(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendCsvLine(StringBuilder line, IEnumerable<object?> values)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!first) line.Append(',');
            first = false;
            if (value is null) continue;
            var text = Text(value);
            // A spreadsheet runs a cell that starts like a formula; a leading apostrophe keeps stored text as text.
            if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
            if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.StartsWith(' ') || text.EndsWith(' '))
                line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else
                line.Append(text);
        }
        line.Append("\r\n");
    }
}
