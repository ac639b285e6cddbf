using System.Globalization;

namespace SessionStore.Benchmarks.Suite;

/// <summary>How long and how often the suite measures: <c>suite [rounds] [seconds per round]</c>.</summary>
public sealed record SuiteOptions(int Rounds, TimeSpan RoundLength)
{
    public IReadOnlyList<int> Connections { get; } = [32, 128];
    public TimeSpan WarmUp { get; } = TimeSpan.FromSeconds(3);
    public int RandomReads { get; } = 10_000;
    public int LatencySamples { get; } = 2_000;

    public static SuiteOptions Parse(IReadOnlyList<string> arguments) => new(
        Rounds: arguments.Count > 0 ? int.Parse(arguments[0], CultureInfo.InvariantCulture) : 5,
        RoundLength: TimeSpan.FromSeconds(arguments.Count > 1 ? double.Parse(arguments[1], CultureInfo.InvariantCulture) : 5));
}
