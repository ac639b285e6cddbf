using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.Tests;

/// <summary>The admin database browser: tables, server-side paging, sorting and filtering, and exports, all read-only, on either provider.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class DatabaseBrowserTests(StorageProvider provider) : ServiceFixture(provider)
{
    public const string AdminKey = "browser-test-key";
    private const string MarkupName = "<img src=x onerror=alert(1)>";
    private const string CsvAwkwardName = "Ann, \"the\" best";
    private const string FormulaName = "=HYPERLINK(\"x\")";
    private SessionStoreClient admin = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey };

    protected override async Task OnStartedAsync()
    {
        admin = new SessionStoreClient(Service.CreateClient()) { AdminKey = AdminKey };
        await Workload.PlayAsync(Client, 90);
        foreach (var name in new[] { MarkupName, CsvAwkwardName, FormulaName })
            await Client.CreateSessionAsync(new CreateSession { PlayerName = name, Game = "odd", Metadata = new JsonObject { ["note"] = "a,b\nc" } });
    }

    [Test]
    public async Task Every_table_is_listed_with_its_row_count_columns_and_indexes()
    {
        var tables = (await admin.ListTablesAsync(new ListTables())).Tables;
        var stats = await Client.GetStatsAsync(new GetStats());

        Assert.That(tables.Select(t => t.Name), Is.SupersetOf(new[] { "sessions", "leaderboard_entries", "games", "audit_log", "session_totals", "session_starts_per_minute", "VersionInfo" }));
        var sessions = tables.Single(t => t.Name == "sessions");
        Assert.Multiple(() =>
        {
            Assert.That(sessions.RowCount, Is.EqualTo(stats.Sessions.Total));
            Assert.That(sessions.Columns.Select(c => c.Name), Is.EqualTo(new[]
                { "id", "token_hash", "player_name", "game", "status", "score", "started_at", "last_seen_at", "ended_at", "metadata", "player_id" }));
            // Each database's own name for the type the migration asked for.
            var (text36, text32, integer) = Provider == StorageProvider.Sqlite
                ? ("TEXT", "TEXT", "INTEGER")
                : ("character varying(36)", "character varying(32)", "bigint");
            Assert.That(sessions.Columns.Single(c => c.Name == "id"), Is.EqualTo(new ColumnInfo("id", text36, 1, true, null)));
            Assert.That(sessions.Columns.Single(c => c.Name == "player_name"), Is.EqualTo(new ColumnInfo("player_name", text32, 0, false, null)));
            Assert.That(sessions.Columns.Single(c => c.Name == "score").Type, Is.EqualTo(integer));
            Assert.That(sessions.Indexes.Single(i => i.Name == "ix_sessions_game_started_at").Columns, Is.EqualTo(new[] { "game", "started_at" }));
            Assert.That(sessions.Indexes.Single(i => i.Columns.SequenceEqual(["id"])).Unique, Is.True);
        });
    }

    [Test]
    public async Task Rows_come_sorted_by_the_column_asked_for_in_either_direction()
    {
        var ascending = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", OrderBy: "score", Take: 500));
        var descending = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", OrderBy: "score", Desc: true, Take: 500));

        var up = ascending.Rows.Select(r => (long?)r["score"]).ToList();
        var down = descending.Rows.Select(r => (long?)r["score"]).ToList();
        Assert.That(up, Is.Ordered.Using(NullsFirst));
        Assert.That(down, Is.Ordered.Descending.Using(NullsFirst));
        Assert.That(up, Has.Count.EqualTo(93));
    }

    [Test]
    public async Task Pages_over_equal_sort_values_neither_repeat_nor_skip_a_row()
    {
        var ids = new List<string>();
        for (var skip = 0; ; skip += 7)
        {
            var page = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", OrderBy: "game", Skip: skip, Take: 7));
            ids.AddRange(page.Rows.Select(r => (string)r["id"]!));
            if (page.Rows.Count < 7) break;
        }
        Assert.That(ids, Is.Unique.And.Count.EqualTo(93));
    }

    public static IEnumerable<TestCaseData> Filters() =>
    [
        Filter("game:eq:puzzle", row => (string)row["game"]! == "puzzle", expected: 45),
        Filter("player_name:contains:AYER1", row => ((string?)row["player_name"])?.Contains("ayer1", StringComparison.Ordinal) == true, expected: 11),
        Filter("score:lt:100", row => (long?)row["score"] < 100, expected: null),
        Filter("score:gt:500", row => (long?)row["score"] > 500, expected: null),
        Filter("ended_at:null", row => row["ended_at"] is null, expected: null),
        Filter("player_name:contains:50%", row => false, expected: 0),
        Filter("player_name:contains:_", row => ((string?)row["player_name"])?.Contains('_', StringComparison.Ordinal) == true, expected: 0),
    ];

    private static TestCaseData Filter(string filter, Func<JsonObject, bool> holds, int? expected) =>
        new TestCaseData(filter, holds, expected).SetArgDisplayNames(filter);

    [TestCaseSource(nameof(Filters))]
    public async Task A_filter_keeps_exactly_the_rows_it_describes(string filter, Func<JsonObject, bool> holds, int? expected)
    {
        var all = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", Take: 500));
        var filtered = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", Filter: [filter], Take: 500));

        Assert.That(filtered.Rows.Select(r => r["id"]!.ToString()), Is.EquivalentTo(all.Rows.Where(holds).Select(r => r["id"]!.ToString())));
        Assert.That(filtered.Matching, Is.EqualTo(filtered.Rows.Count));
        if (expected is { } count) Assert.That(filtered.Rows, Has.Count.EqualTo(count));
    }

    [Test]
    public async Task Filters_combine_and_the_page_counts_the_rows_that_match()
    {
        var page = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", Filter: ["game:eq:puzzle", "status:eq:completed"], Take: 10));
        var expected = await Client.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Completed, Game: "puzzle"));

        Assert.That(page.Matching, Is.EqualTo(expected.Total));
        Assert.That(page.MatchingIsLowerBound, Is.False);
        Assert.That(page.Rows, Has.All.Matches<JsonObject>(r => (string)r["game"]! == "puzzle" && (string)r["status"]! == "completed"));
    }

    [Test]
    public async Task Counting_matches_stops_at_the_limit_and_says_there_are_more()
    {
        var reader = Service.Services.GetRequiredService<TableReader>();
        var sessions = (await reader.ReadSchemaAsync(CancellationToken.None)).Single(t => t.Name == "sessions");

        var page = await reader.ReadPageAsync(new TableView(sessions, null, false, []), skip: 0, take: 5, countLimit: 20, CancellationToken.None);
        var farther = await reader.ReadPageAsync(new TableView(sessions, null, false, []), skip: 40, take: 5, countLimit: 20, CancellationToken.None);

        Assert.That((page.Rows.Count, page.Matching, page.MatchingIsLowerBound), Is.EqualTo((5, 20L, true)));
        Assert.That((farther.Rows.Count, farther.Matching, farther.MatchingIsLowerBound), Is.EqualTo((5, 46L, true)), "counts at least one past the page, so there is a next one");
    }

    [Test]
    public async Task An_unknown_table_is_a_404_that_names_the_tables()
    {
        var error = Assert.ThrowsAsync<SessionStoreApiException>(() => admin.QueryTableRowsAsync(new QueryTableRows("sessions; DROP TABLE sessions")));

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Problem?.Detail, Does.Contain("leaderboard_rows, leaderboard_sizes, session_starts_per_minute, session_totals, sessions"));
        Assert.That((await Client.GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(93));
    }

    public static IEnumerable<TestCaseData> BadViews() =>
    [
        new TestCaseData(new QueryTableRows("sessions", OrderBy: "nope"), "orderBy", "must be a column of sessions: id, token_hash").SetArgDisplayNames("an unknown sort column"),
        new TestCaseData(new QueryTableRows("sessions", OrderBy: "score\" DESC --"), "orderBy", "must be a column").SetArgDisplayNames("SQL as the sort column"),
        new TestCaseData(new QueryTableRows("sessions", Filter: ["nope:eq:1"]), "filter", "'nope' is not a column of sessions").SetArgDisplayNames("an unknown filter column"),
        new TestCaseData(new QueryTableRows("sessions", Filter: ["score:like:1"]), "filter", "use eq, contains, lt, gt or null").SetArgDisplayNames("an unknown operator"),
        new TestCaseData(new QueryTableRows("sessions", Filter: ["score:gt:ten"]), "filter", "'ten' is not a value for score, which holds integer values").SetArgDisplayNames("a word for a number"),
        new TestCaseData(new QueryTableRows("sessions", Filter: ["score:gt"]), "filter", "needs a value").SetArgDisplayNames("a missing value"),
        new TestCaseData(new QueryTableRows("sessions", Filter: ["score"]), "filter", "is not a filter").SetArgDisplayNames("no operator"),
        new TestCaseData(new QueryTableRows("sessions", Filter: ["token_hash:eq:00"]), "filter", "only token_hash:null applies").SetArgDisplayNames("a value for a blob"),
        new TestCaseData(new QueryTableRows("sessions", Take: 501), "take", "").SetArgDisplayNames("a page over 500 rows"),
        new TestCaseData(new QueryTableRows("sessions", Skip: -1), "skip", "").SetArgDisplayNames("a negative skip"),
    ];

    [TestCaseSource(nameof(BadViews))]
    public async Task A_view_the_schema_cannot_answer_is_a_400_that_says_what_is_allowed(QueryTableRows request, string field, string message)
    {
        var error = Assert.ThrowsAsync<SessionStoreApiException>(() => admin.QueryTableRowsAsync(request));

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Problem?.Errors?.Keys, Is.EquivalentTo(new[] { field }));
        Assert.That(string.Join(" ", error.Problem!.Errors![field]), Does.Contain(message));
        Assert.That((await Client.GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(93));
    }

    [Test]
    public async Task A_filter_value_is_only_ever_a_value()
    {
        var page = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", Filter: ["player_name:eq:x' OR '1'='1", "game:contains:%' OR 1=1 --"]));

        Assert.That(page.Rows, Is.Empty);
        Assert.That((await admin.ListTablesAsync(new ListTables())).Tables.Single(t => t.Name == "sessions").RowCount, Is.EqualTo(93));
    }

    [Test]
    public async Task Values_keep_their_types_and_markup_stays_text()
    {
        var page = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", Filter: ["game:eq:odd"], OrderBy: "player_name"));
        var markup = page.Rows.Single(r => (string?)r["player_name"] == MarkupName);

        Assert.That(markup["started_at"]!.GetValueKind(), Is.EqualTo(JsonValueKind.Number));
        Assert.That(markup["score"], Is.Null);
        Assert.That((string)markup["token_hash"]!, Does.Match("^[0-9a-f]{64}$"), "a blob is lowercase hex");
        Assert.That(JsonNode.Parse((string)markup["metadata"]!)!["note"]!.GetValue<string>(), Is.EqualTo("a,b\nc"));
    }

    [Test]
    public async Task The_CSV_export_holds_exactly_the_rows_of_the_view_in_its_order()
    {
        var view = new ExportTableRows("sessions", ExportFormat.Csv, OrderBy: "score", Desc: true, Filter: ["game:eq:default"]);
        var page = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", view.OrderBy, view.Desc, view.Filter, Take: 500));

        var lines = Csv.Parse(await ExportAsync(view));

        Assert.That(lines[0], Is.EqualTo(page.Columns));
        Assert.That(lines.Skip(1).Select(l => l[0]), Is.EqualTo(page.Rows.Select(r => (string)r["id"]!)));
        Assert.That(lines.Skip(1).Select(l => l[5]), Is.EqualTo(page.Rows.Select(r => r["score"]?.ToString() ?? "")));
    }

    [Test]
    public async Task The_CSV_export_quotes_what_needs_quoting_and_defuses_formulas()
    {
        var text = await ExportAsync(new ExportTableRows("sessions", ExportFormat.Csv, OrderBy: "player_name", Filter: ["game:eq:odd"]));
        var rows = Csv.Parse(text).Skip(1).ToList();

        Assert.That(text, Does.Contain("\r\n"));
        Assert.That(rows.Select(r => r[2]), Is.EqualTo(new[] { MarkupName, "'" + FormulaName, CsvAwkwardName }));
        Assert.That(rows.Select(r => r[9]), Has.All.EqualTo("{\"note\":\"a,b\\nc\"}"));
    }

    [Test]
    public async Task The_JSON_export_is_an_array_of_the_same_objects_the_pages_show()
    {
        var view = new ExportTableRows("sessions", ExportFormat.Json, OrderBy: "started_at", Filter: ["status:eq:completed"]);
        var page = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", view.OrderBy, view.Desc, view.Filter, Take: 500));

        var exported = JsonNode.Parse(await ExportAsync(view))!.AsArray();

        Assert.That(exported.Select(r => r!.ToJsonString()), Is.EqualTo(page.Rows.Select(r => r.ToJsonString())));
        Assert.That(exported, Has.Count.EqualTo(30));
    }

    [Test]
    public async Task An_export_is_a_download_named_after_its_table()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/tables/leaderboard_entries/export?format=json");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await Client.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("leaderboard_entries.json"));
    }

    [Test]
    [TestCase("xml")]
    [TestCase("CSV")]
    [TestCase("1")]
    public async Task An_export_in_another_format_is_refused(string format)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/admin/tables/sessions/export?format={format}");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var response = await Client.Http.SendAsync(request);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem["errors"]?["format"]?.AsArray().Select(e => (string?)e), Is.EqualTo(new[] { "format must be csv or json." }));
    }

    [TestCase("api/admin/tables")]
    [TestCase("api/admin/tables/sessions/rows")]
    [TestCase("api/admin/tables/sessions/export")]
    public async Task The_database_browser_needs_the_admin_key(string path)
    {
        using var withoutKey = await Client.Http.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Admin-Key", "not-the-key");
        using var wrongKey = await Client.Http.SendAsync(request);

        Assert.That(withoutKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrongKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Without_an_admin_key_configured_the_database_browser_does_not_exist()
    {
        using var directory = new TemporaryDirectory();
        await using var service = new InProcessService(directory.Path);
        var client = new SessionStoreClient(service.CreateClient()) { AdminKey = AdminKey };

        var error = Assert.ThrowsAsync<SessionStoreApiException>(() => client.ListTablesAsync(new ListTables()));

        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Problem?.Detail, Does.Contain("Admin__ApiKey"));
    }

    private async Task<string> ExportAsync(ExportTableRows request)
    {
        using var buffer = new MemoryStream();
        await admin.ExportTableRowsAsync(request, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>SQL's order: NULL before any number.</summary>
    private static readonly IComparer<long?> NullsFirst = Comparer<long?>.Default;
}

/// <summary>Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        return rows;
    }
}
