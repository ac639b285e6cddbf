using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Admin: takes an entry off the public boards. It is kept, and can be shown again with UnhideEntry.</summary>
[Route("/api/admin/games/{game}/entries/{sessionId:guid}/hide", "POST")]
public sealed record HideEntry : IReturn<GameEntry>
{
    [Description("The game: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.")]
    public string Game { get; init; } = "";

    [Description("The entry's session.")]
    public Guid SessionId { get; init; }

    /// <summary>Why, for the audit log and the held and hidden lists.</summary>
    [Required, Reason]
    public string? Reason { get; init; }
}

/// <summary>Admin: shows a hidden entry again; it is then listed or held as the game's rules say.</summary>
[Route("/api/admin/games/{game}/entries/{sessionId:guid}/unhide", "POST")]
public sealed record UnhideEntry : IReturn<GameEntry>
{
    [Description("The game: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.")]
    public string Game { get; init; } = "";

    [Description("The entry's session.")]
    public Guid SessionId { get; init; }

    /// <summary>Why, for the audit log.</summary>
    [Required, Reason]
    public string? Reason { get; init; }
}

/// <summary>Admin: lists a held entry on the boards although it breaks a rule or its player is banned.</summary>
[Route("/api/admin/games/{game}/entries/{sessionId:guid}/release", "POST")]
public sealed record ReleaseEntry : IReturn<GameEntry>
{
    [Description("The game: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.")]
    public string Game { get; init; } = "";

    [Description("The entry's session.")]
    public Guid SessionId { get; init; }

    /// <summary>Why, for the audit log (optional).</summary>
    [Reason]
    public string? Reason { get; init; }
}
