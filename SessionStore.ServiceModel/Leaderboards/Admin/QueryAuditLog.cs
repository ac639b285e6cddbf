using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Admin: every admin change to games and their boards, newest first.</summary>
[Route("/api/admin/audit", "GET")]
public sealed record QueryAuditLog(
    [property: Description("Only changes to this game.")]
    [property: GameName]
    string? Game = null,
    [property: Description("How many changes to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many changes to return, at most 100.")]
    [property: Range(1, Limits.MaxAdminTake)]
    int Take = Limits.DefaultAdminTake) : IReturn<AuditLogPage>;

public sealed record AuditLogPage(long Total, int Skip, int Take, IReadOnlyList<AuditEntry> Results);

/// <summary>One admin change: when, what, to what, why, and a salted hash of the admin's address (16 hex digits).</summary>
public sealed record AuditEntry(DateTime At, AuditAction Action, string? Game, string Target, string? Reason, string Admin);
