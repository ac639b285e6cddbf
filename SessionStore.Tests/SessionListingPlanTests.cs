using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Sqlite;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// SQLite's plans for the session listings (GET /api/sessions, newest first): each reads its page from an index in
/// order, from the narrowest filter's index, instead of sorting every matching session. At a million sessions the
/// difference is a millisecond against half a second (docs/benchmarks.md); here it shows as the plan itself.
/// </summary>
public sealed class SessionListingPlanTests
{
    [TestCase("status = 'completed'", "ix_sessions_status_started_at")]
    [TestCase("game = 'chess'", "ix_sessions_game_started_at")]
    [TestCase("player_name = 'Ann'", "ix_sessions_player_name_started_at")]
    [TestCase("player_name = 'Ann' AND status = 'completed'", "ix_sessions_player_name_started_at")]
    [TestCase("game = 'chess' AND status = 'abandoned'", "ix_sessions_game_started_at")]
    [TestCase("1 = 1", "ix_sessions_started_at")]
    public void A_listing_reads_its_page_in_order_from_the_narrowest_filters_index(string filter, string index)
    {
        using var directory = new TemporaryDirectory();
        var connectionString = $"Data Source={directory.Combine("sessionstore.db")};Pooling=False";
        SqliteStorage.MigrateToLatest(directory.Combine("sessionstore.db"), NullLoggerFactory.Instance);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = $"EXPLAIN QUERY PLAN SELECT * FROM sessions WHERE {filter} ORDER BY started_at DESC LIMIT 50";
        var plan = new List<string>();
        using (var reader = explain.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));

        Assert.That(plan, Has.Some.Contains($"USING INDEX {index}"), $"the plan for {filter}: {string.Join("; ", plan)}");
        Assert.That(plan, Has.None.Contains("TEMP B-TREE"), $"the plan for {filter} sorts: {string.Join("; ", plan)}");
    }
}
