using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Sqlite;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// SQLite's plans for the session listings (GET /api/sessions, newest first, ties by id): each reads its page from an index in
/// order, from the narrowest filter's index, instead of sorting every matching session; a page after a cursor starts from a
/// range of that index; and a total that is counted, not read from the totals, counts that index's entries. At a million
/// sessions the difference is a millisecond against half a second (docs/benchmarks.md); here it shows as the plan itself.
/// </summary>
public sealed class SessionListingPlanTests
{
    private const string AfterTheCursor = " AND started_at <= 1700000000000 AND (started_at < 1700000000000 OR id < '0190f5e0-0000-7000-8000-000000000000')";

    [TestCase("status = 'completed'", "ix_sessions_status_started_at")]
    [TestCase("game = 'chess'", "ix_sessions_game_started_at")]
    [TestCase("player_name = 'Ann'", "ix_sessions_player_name_started_at")]
    [TestCase("player_name = 'Ann' AND status = 'completed'", "ix_sessions_player_name_started_at")]
    [TestCase("game = 'chess' AND status = 'abandoned'", "ix_sessions_game_status_started_at")]
    [TestCase("1 = 1", "ix_sessions_started_at")]
    public void A_listing_reads_its_page_in_order_from_the_narrowest_filters_index(string filter, string index)
    {
        var plan = Plan($"SELECT * FROM sessions WHERE {filter} ORDER BY started_at DESC, id DESC LIMIT 51 OFFSET 50");

        Assert.That(plan, Has.Some.Contains($"USING INDEX {index}"), $"the plan for {filter}: {string.Join("; ", plan)}");
        // Sessions that started in the same millisecond are ordered by id as the page is read; nothing sorts the whole listing.
        Assert.That(plan, Has.None.Contains("TEMP B-TREE FOR ORDER BY"), $"the plan for {filter} sorts: {string.Join("; ", plan)}");
    }

    [TestCase("status = 'completed'", "ix_sessions_status_started_at")]
    [TestCase("game = 'chess'", "ix_sessions_game_started_at")]
    [TestCase("player_name = 'Ann'", "ix_sessions_player_name_started_at")]
    [TestCase("game = 'chess' AND status = 'abandoned'", "ix_sessions_game_status_started_at")]
    [TestCase("1 = 1", "ix_sessions_started_at")]
    public void A_page_after_a_cursor_starts_from_a_range_of_that_index(string filter, string index)
    {
        var plan = Plan($"SELECT * FROM sessions WHERE {filter}{AfterTheCursor} ORDER BY started_at DESC, id DESC LIMIT 51");

        Assert.That(plan, Has.Some.Contains($"USING INDEX {index} (").And.Contains("started_at<?)"), $"the plan for {filter}: {string.Join("; ", plan)}");
        Assert.That(plan, Has.None.Contains("TEMP B-TREE FOR ORDER BY"), $"the plan for {filter} sorts: {string.Join("; ", plan)}");
    }

    [TestCase("game = 'chess'", "COVERING INDEX ix_sessions_game_started_at")]
    [TestCase("player_name = 'Ann'", "COVERING INDEX ix_sessions_player_name_started_at")]
    [TestCase("game = 'chess' AND status = 'abandoned'", "COVERING INDEX ix_sessions_game_status_started_at")]
    [TestCase("game = 'chess' AND player_name = 'Ann'", "INDEX ix_sessions_player_name_started_at")]
    public void A_counted_total_counts_the_entries_of_the_narrowest_filters_index_up_to_its_limit(string filter, string index)
    {
        // As linq2db writes the count of a query that takes at most the limit.
        var plan = Plan($"SELECT COUNT(*) FROM (SELECT 1 as [c1] FROM [sessions] [s] WHERE {filter} LIMIT 10001) [t1]");

        Assert.That(plan, Has.Some.Contains($"SEARCH s USING {index} ("), $"the plan for {filter}: {string.Join("; ", plan)}");
    }

    private static List<string> Plan(string query)
    {
        using var directory = new TemporaryDirectory();
        var connectionString = $"Data Source={directory.Combine("sessionstore.db")};Pooling=False";
        SqliteStorage.MigrateToLatest(directory.Combine("sessionstore.db"), NullLoggerFactory.Instance);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + query;
        var plan = new List<string>();
        using (var reader = explain.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));
        return plan;
    }
}
