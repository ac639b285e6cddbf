using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using LinqToDB.Data;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// Listing sessions at any depth: skip is bounded, the cursor pages on from where a page ended, ties of the start time
/// included, and a total that would cost a count of every session says when it is only a lower bound.
/// </summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class SessionListingTests(StorageProvider provider)
{
    [Test]
    public async Task Sessions_started_in_the_same_millisecond_page_through_the_cursor_each_once_newest_first_then_by_id()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Client();
        var created = new List<Session>();
        for (var millisecond = 0; millisecond < 3; millisecond++, clock.Advance(TimeSpan.FromMilliseconds(1)))
            for (var i = 0; i < 3; i++)
                created.Add((await client.CreateSessionAsync(new CreateSession { Game = "ties" })).Session);

        var pages = new List<QuerySessionsResponse>();
        for (string? after = null; pages.Count < 10;)
        {
            pages.Add(await client.QuerySessionsAsync(new QuerySessions(Game: "ties", Take: 2, After: after)));
            if ((after = pages[^1].Next) is null) break;
        }
        var onePage = await client.QuerySessionsAsync(new QuerySessions(Game: "ties"));

        var newestFirstThenById = created.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id.ToString(), StringComparer.Ordinal).Select(s => s.Id);
        Assert.Multiple(() =>
        {
            Assert.That(pages.SelectMany(p => p.Results).Select(s => s.Id), Is.EqualTo(newestFirstThenById));
            Assert.That(onePage.Results.Select(s => s.Id), Is.EqualTo(newestFirstThenById), "the same order as one page");
            Assert.That(pages.Select(p => p.Results.Count), Is.EqualTo(new[] { 2, 2, 2, 2, 1 }));
            Assert.That(pages.Select(p => (p.Total, p.TotalIsLowerBound)), Has.All.EqualTo((9L, false)));
            Assert.That(onePage.Next, Is.Null, "a page that holds the rest has no next");
        });
    }

    [Test]
    public async Task A_game_with_more_sessions_than_the_count_limit_says_its_total_is_a_lower_bound()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess();
        var client = service.Client();
        await client.CreateSessionAsync(new CreateSession { Game = "popular", PlayerName = "Ann" });
        await client.CreateSessionAsync(new CreateSession { Game = "quiet" });
        // The rest of the popular game's sessions, as years of play left them: written straight into the table, which is quicker
        // than ten thousand starts through the API and the same to the listing.
        await using (var db = service.Services.GetRequiredService<IStorageProvider>().OpenWriter())
            await db.BulkCopyAsync(Enumerable.Range(0, SessionsApi.TotalCountLimit).Select(i => new SessionRecord
            {
                Id = Guid.CreateVersion7().ToString(),
                TokenHash = new byte[32],
                Game = "popular",
                Status = SessionStatusText.Completed,
                StartedAt = i,
                LastSeenAt = i,
                EndedAt = i,
            }));

        var popular = await client.QuerySessionsAsync(new QuerySessions(Game: "popular", Take: 1));
        var popularCompleted = await client.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Completed, Game: "popular", Take: 1));
        var ann = await client.QuerySessionsAsync(new QuerySessions(Game: "popular", PlayerName: "Ann"));
        var quietActive = await client.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Active, Game: "quiet"));

        Assert.Multiple(() =>
        {
            Assert.That((popular.Total, popular.TotalIsLowerBound), Is.EqualTo(((long)SessionsApi.TotalCountLimit, true)), "counted up to the limit");
            Assert.That((popularCompleted.Total, popularCompleted.TotalIsLowerBound), Is.EqualTo(((long)SessionsApi.TotalCountLimit, false)), "exactly the limit");
            Assert.That((ann.Total, ann.TotalIsLowerBound), Is.EqualTo((1L, false)));
            Assert.That((quietActive.Total, quietActive.TotalIsLowerBound), Is.EqualTo((1L, false)));
        });
    }

    [TestCase("not-a-cursor")]
    [TestCase("AgAAAYvP5WgAAZD14AAAcACAAAAAAAAAAA")] // well formed but for its first byte, the format
    [TestCase("AQAAAYvP5WgAAZD14AAAcACAAAAAAAAA")] // a cursor cut short
    [TestCase("%00%FF")]
    public async Task A_cursor_the_listing_did_not_give_out_is_refused_with_a_problem_naming_it(string after)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess();

        using var response = await service.CreateClient().GetAsync($"api/sessions?after={after}");
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem?.Errors?.Keys, Is.EqualTo(new[] { "after" }));
    }

    [Test]
    public async Task Skipping_past_the_deepest_skip_is_refused_with_a_problem_that_names_the_cursor()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess();

        var refused = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client().QuerySessionsAsync(new QuerySessions(Skip: Limits.MaxQuerySkip + 1)));
        var deepest = await service.Client().QuerySessionsAsync(new QuerySessions(Skip: Limits.MaxQuerySkip));

        Assert.That(refused!.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Problem?.Errors?["skip"].Single(), Is.EqualTo("skip must be 0 to 10000: to page further, pass the previous page's next as after."));
        Assert.That(deepest.Results, Is.Empty);
    }
}
