using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>
/// Admin: sets a game's rules (all of them) and ranks its boards again from the stored entries; nothing is lost, and
/// entries held by a rule that no longer holds are listed again. A game not seen yet is created with these rules.
/// </summary>
[Route("/api/admin/games/{game}/rules", "PUT")]
public sealed record SetGameRules : IReturn<GameResponse>
{
    [Description("The game: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.")]
    public string Game { get; init; } = "";

    /// <summary>higherIsBetter (points) or lowerIsBetter (times).</summary>
    [Required]
    public ScoreOrder? ScoreOrder { get; init; }

    /// <summary>bestPerPlayer (each player's best entry) or everySession.</summary>
    [Required]
    public BoardEntries? Entries { get; init; }

    /// <summary>Scores above this are held for an admin; none if null.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "{0} must be 0 or more.")]
    public long? MaxScore { get; init; }

    /// <summary>Sessions shorter than this many seconds are held for an admin; none if null.</summary>
    [Range(0, 31_536_000, ErrorMessage = "{0} must be 0 to 31536000 (a year).")]
    public int? MinDurationSeconds { get; init; }

    /// <summary>Why, for the audit log (optional).</summary>
    [Reason]
    public string? Reason { get; init; }
}
