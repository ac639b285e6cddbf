using System.Net;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Leaderboards;

/// <summary>The admin's moderation over HTTP: hiding, bans, erasing a player, and the audit log that records each change.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class ModerationTests(StorageProvider provider)
{
    private LeaderboardService service = null!;

    [OneTimeSetUp]
    public async Task Start() => service = await LeaderboardService.StartAsync(provider, new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero));

    [OneTimeTearDown]
    public async Task Stop() => await service.DisposeAsync();

    [Test]
    public async Task A_hidden_entry_leaves_the_boards_for_the_players_next_best_and_comes_back_when_unhidden()
    {
        const string game = "hide";
        await service.PlayAsync(game, "Ann", 50);
        var cheated = await service.PlayAsync(game, "Ann", 9_999);
        await service.PlayAsync(game, "Bob", 70);

        var hidden = await service.Admin.HideEntryAsync(new HideEntry { Game = game, SessionId = cheated, Reason = "impossible score" });

        Assert.That((hidden.State, hidden.Reason, hidden.Detail), Is.EqualTo((EntryState.Hidden, (EntryReason?)EntryReason.HiddenByAdmin, "impossible score")));
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Bob", 70L), ("Ann", 50L) }));
        Assert.That(await service.BoardAsync(game, BoardPeriod.Day), Is.EqualTo(new[] { ("Bob", 70L), ("Ann", 50L) }));
        Assert.That((await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game, EntryState.Hidden))).Results.Select(e => e.SessionId), Is.EqualTo(new[] { cheated }));
        var again = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.HideEntryAsync(new HideEntry { Game = game, SessionId = cheated, Reason = "twice" }));
        Assert.That(again!.Status, Is.EqualTo(HttpStatusCode.Conflict));

        await service.Admin.UnhideEntryAsync(new UnhideEntry { Game = game, SessionId = cheated, Reason = "it was real" });

        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Ann", 9_999L), ("Bob", 70L) }));
    }

    [Test]
    public async Task Moderating_an_entry_the_game_does_not_have_is_a_404_and_without_a_reason_a_validation_problem()
    {
        const string game = "moderate-missing";
        var entry = await service.PlayAsync(game, "Ann", 1);

        var unknown = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.HideEntryAsync(new HideEntry { Game = game, SessionId = Guid.NewGuid(), Reason = "x" }));
        var otherGame = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.HideEntryAsync(new HideEntry { Game = "elsewhere", SessionId = entry, Reason = "x" }));
        var noReason = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.HideEntryAsync(new HideEntry { Game = game, SessionId = entry }));
        var notHeld = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.ReleaseEntryAsync(new ReleaseEntry { Game = game, SessionId = entry }));
        var anonymous = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client.HideEntryAsync(new HideEntry { Game = game, SessionId = entry, Reason = "x" }));

        Assert.That(new[] { unknown!.Status, otherGame!.Status, noReason!.Status, notHeld!.Status, anonymous!.Status },
            Is.EqualTo(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.Unauthorized }));
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Ann", 1L) }));
    }

    [Test]
    public async Task A_banned_players_entries_are_hidden_and_their_new_ones_held_until_the_ban_is_lifted()
    {
        const string game = "ban";
        await service.PlayAsync(game, "Mallory", 500, playerId: "mallory-1");
        await service.PlayAsync(game, "Alice", 100);

        var ban = await service.Admin.BanPlayerAsync(new BanPlayer { Game = game, PlayerId = "mallory-1", Reason = "aimbot" });
        var after = await service.PlayAsync(game, "Mallory", 800, playerId: "mallory-1");

        var hidden = await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game, EntryState.Hidden));
        var held = await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game, EntryState.Held));
        Assert.That((ban.PlayerId, ban.Reason), Is.EqualTo(("mallory-1", "aimbot")));
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Alice", 100L) }));
        Assert.That(hidden.Results.Select(e => (e.Score, e.Reason, e.Detail)), Is.EqualTo(new[] { (500L, (EntryReason?)EntryReason.PlayerBanned, "aimbot") }));
        Assert.That(held.Results.Select(e => (e.SessionId, e.Reason, e.PlayerId)), Is.EqualTo(new[] { (after, (EntryReason?)EntryReason.PlayerBanned, "mallory-1") }));
        Assert.That((await service.Admin.ListBansAsync(new ListBans(game))).Results, Is.EqualTo(new[] { ban }));

        await service.Admin.LiftBanAsync(new LiftBan { Game = game, PlayerId = "mallory-1", Reason = "appeal accepted" });

        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Mallory", 800L), ("Alice", 100L) }));
        Assert.That((await service.Admin.ListBansAsync(new ListBans(game))).Total, Is.Zero);
    }

    [Test]
    public async Task A_name_ban_covers_every_entry_under_the_name_and_a_ban_by_session_bans_its_player()
    {
        const string game = "ban-by-name";
        await service.PlayAsync(game, "Troll", 10);
        await service.PlayAsync(game, "Troll", 20, playerId: "troll-device");
        var spam = await service.PlayAsync(game, "Spammer", 30, playerId: "spam-device");
        await service.PlayAsync(game, "Fair", 5);

        await service.Admin.BanPlayerAsync(new BanPlayer { Game = game, PlayerName = "Troll", Reason = "offensive name" });
        var bySession = await service.Admin.BanPlayerAsync(new BanPlayer { Game = game, SessionId = spam, Reason = "spam" });
        var twice = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.BanPlayerAsync(new BanPlayer { Game = game, PlayerName = "Troll", Reason = "again" }));
        var ambiguous = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.BanPlayerAsync(new BanPlayer { Game = game, PlayerName = "Fair", PlayerId = "x", Reason = "x" }));

        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Fair", 5L) }));
        Assert.That((bySession.PlayerId, bySession.PlayerName), Is.EqualTo(("spam-device", (string?)null)));
        Assert.That((twice!.Status, ambiguous!.Status), Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.BadRequest)));
    }

    [Test]
    public async Task Erasing_a_player_removes_their_sessions_and_entries_everywhere_and_every_count_stays_consistent()
    {
        await service.PlayAsync("erase-a", "Gone", 90, playerId: "erase-me");
        await service.PlayAsync("erase-b", "Gone", 40, playerId: "erase-me");
        var kept = await service.PlayAsync("erase-a", "Stays", 60);
        var active = await service.Client.CreateSessionAsync(new CreateSession { Game = "erase-b", PlayerName = "Gone", PlayerId = "erase-me" });
        var before = (await service.Client.GetStatsAsync(new GetStats())).Sessions;

        var erased = await service.Admin.ErasePlayerAsync(new ErasePlayer { PlayerId = "erase-me", Reason = "GDPR request 42" });

        var after = (await service.Client.GetStatsAsync(new GetStats())).Sessions;
        Assert.That(erased, Is.EqualTo(new ErasedPlayer(SessionsErased: 3, EntriesErased: 2)));
        Assert.That(await service.BoardAsync("erase-a"), Is.EqualTo(new[] { ("Stays", 60L) }));
        Assert.That(await service.BoardAsync("erase-b"), Is.Empty);
        Assert.That((after.Total, after.Completed, after.Active, after.StartedLast24Hours),
            Is.EqualTo((before.Total - 3, before.Completed - 2, before.Active - 1, before.StartedLast24Hours - 3)));
        var gone = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client.GetSessionAsync(new GetSession { Id = active.Session.Id }));
        Assert.That(gone!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await service.Client.GetSessionAsync(new GetSession { Id = kept })).PlayerName, Is.EqualTo("Stays"));
        var audit = (await service.Admin.QueryAuditLogAsync(new QueryAuditLog())).Results[0];
        Assert.That((audit.Action, audit.Reason), Is.EqualTo((AuditAction.ErasePlayer, "GDPR request 42")));
        Assert.That(audit.Target, Does.Not.Contain("erase-me"), "the audit log keeps a hash of the player, not the player");
    }

    [Test]
    public async Task Every_admin_change_is_in_the_audit_log_with_a_hash_of_the_admins_address()
    {
        const string game = "audited";
        var entry = await service.PlayAsync(game, "Ann", 10);
        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.HigherIsBetter, Entries = BoardEntries.EverySession, MaxScore = 5, Reason = "launch" });
        await service.Admin.ReleaseEntryAsync(new ReleaseEntry { Game = game, SessionId = entry, Reason = "checked" });
        await service.Admin.HideEntryAsync(new HideEntry { Game = game, SessionId = entry, Reason = "hide" });
        await service.Admin.UnhideEntryAsync(new UnhideEntry { Game = game, SessionId = entry, Reason = "unhide" });
        await service.Admin.BanPlayerAsync(new BanPlayer { Game = game, PlayerName = "Ann", Reason = "ban" });
        await service.Admin.LiftBanAsync(new LiftBan { Game = game, PlayerName = "Ann", Reason = "lift" });
        Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.LiftBanAsync(new LiftBan { Game = game, PlayerName = "Ann", Reason = "refused: not banned" }));

        var log = await service.Admin.QueryAuditLogAsync(new QueryAuditLog(Game: game));

        Assert.That(log.Results.Select(a => (a.Action, a.Target, a.Reason)), Is.EqualTo(new[]
        {
            (AuditAction.LiftBan, "playerName Ann", "lift"),
            (AuditAction.BanPlayer, "playerName Ann", "ban"),
            (AuditAction.UnhideEntry, $"session {entry}", "unhide"),
            (AuditAction.HideEntry, $"session {entry}", "hide"),
            (AuditAction.ReleaseEntry, $"session {entry}", "checked"),
            (AuditAction.SetRules, $"game {game}", "launch"),
        }), "newest first, and nothing of the refused change");
        Assert.That(log.Results.Select(a => a.Admin).Distinct().Single(), Does.Match("^[0-9a-f]{16}$"));
        Assert.That(log.Results.Select(a => a.At), Has.All.EqualTo(service.Clock.GetUtcNow().UtcDateTime));
    }
}
