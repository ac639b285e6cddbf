namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>Whether an entry is listed, held or hidden, and why when it is not listed.</summary>
public sealed record EntryVerdict(EntryState State, EntryReason? Reason)
{
    public static EntryVerdict Listed { get; } = new(EntryState.Listed, null);

    public bool IsListed => State == EntryState.Listed;

    /// <summary>The <c>state</c> and <c>reason</c> columns.</summary>
    public string StateText => StoredText.Of(State);

    public string? ReasonText => Reason is { } reason ? StoredText.Of(reason) : null;

    /// <summary>
    /// What the rules, a ban and an admin's decision make of an entry, strongest first: hidden by an admin; hidden because
    /// its player was banned after it; released by an admin; held because its player is banned; held by a rule; listed.
    /// </summary>
    public static EntryVerdict Of(EntryRecord entry, GameRules rules, long? bannedAt, Decision? decision) =>
        decision == Decision.Hidden ? new(EntryState.Hidden, EntryReason.HiddenByAdmin)
        : bannedAt is { } banned && entry.AchievedAt < banned ? new(EntryState.Hidden, EntryReason.PlayerBanned)
        : decision == Decision.Released ? Listed
        : bannedAt is not null ? new(EntryState.Held, EntryReason.PlayerBanned)
        : rules.MaxScore is { } max && entry.Score > max ? new(EntryState.Held, EntryReason.AboveMaxScore)
        : rules.MinDurationSeconds is { } seconds && entry.DurationMs < seconds * 1000L ? new(EntryState.Held, EntryReason.BelowMinDuration)
        : Listed;
}
