using System.Text;

namespace SessionStore.Benchmarks.Suite;

/// <summary>What a suite run found: sections of markdown tables as they are measured, and one line per target.</summary>
public sealed class Report
{
    private readonly StringBuilder sections = new();
    private readonly List<(string Figure, string Measured, string Target, bool Holds)> targets = [];

    public void Section(string title, string? text = null)
    {
        var heading = $"### {title}";
        Console.WriteLine();
        Console.WriteLine(heading);
        sections.AppendLine().AppendLine(heading).AppendLine();
        if (text is null) return;
        Console.WriteLine(text);
        sections.AppendLine(text).AppendLine();
    }

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var lines = new List<string> { Row(header), Row(header.Select(_ => "---").ToList()) };
        lines.AddRange(rows.Select(Row));
        foreach (var line in lines)
        {
            Console.WriteLine(line);
            sections.AppendLine(line);
        }
        sections.AppendLine();
    }

    public void Target(string figure, string measured, string target, bool holds) => targets.Add((figure, measured, target, holds));

    /// <summary>The targets first, then every section; also written to <paramref name="path"/>.</summary>
    public string Write(string path, string header)
    {
        var text = new StringBuilder(header).AppendLine().AppendLine()
            .AppendLine(Row(["figure", "measured", "target", "holds"]))
            .AppendLine(Row(["---", "---", "---", "---"]));
        foreach (var (figure, measured, target, holds) in targets) text.AppendLine(Row([figure, measured, target, holds ? "yes" : "**no**"]));
        text.Append(sections);
        File.WriteAllText(path, text.ToString());
        return text.ToString();
    }

    private static string Row(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells) + " |";
}
