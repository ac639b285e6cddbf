using System.Text.Json.Serialization;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>An admin's decision about one entry, stored in <c>leaderboard_decisions</c> as its JSON name.</summary>
public enum Decision
{
    [JsonStringEnumMemberName("hidden")] Hidden,
    [JsonStringEnumMemberName("released")] Released,
}
