using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>How the leaderboards' enums are spelled in their text columns: as in JSON, so a row reads as the API does.</summary>
public static class StoredText
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<Enum, string> Text, Dictionary<string, Enum> Value)> Names = new();

    public static string Of<T>(T value) where T : struct, Enum => NamesOf(typeof(T)).Text[value];

    /// <exception cref="InvalidDataException">The column holds a spelling no member has.</exception>
    public static T Parse<T>(string text) where T : struct, Enum =>
        NamesOf(typeof(T)).Value.TryGetValue(text, out var value) ? (T)value
            : throw new InvalidDataException($"Unknown {typeof(T).Name} '{text}' in the database.");

    private static (Dictionary<Enum, string> Text, Dictionary<string, Enum> Value) NamesOf(Type type) => Names.GetOrAdd(type, t =>
    {
        var members = t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((Enum)f.GetValue(null)!, f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)).ToList();
        return (members.ToDictionary(m => m.Item1, m => m.Item2), members.ToDictionary(m => m.Item2, m => m.Item1, StringComparer.Ordinal));
    });
}
