using System.Data.Common;
using System.Globalization;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// Data derived from sessions (totals, per-minute counts, high scores, and whatever a feature adds as an
/// <see cref="IDerivedData"/>) is kept in the write batches; after any mix of writes it is exactly what recomputing it
/// from the sessions gives.
/// </summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class DerivedDataTests(StorageProvider provider)
{
    private const int Players = 24;
    private const int StepsPerPlayer = 40;
    private const int Games = 3;

    [Test]
    public async Task After_a_random_mix_of_concurrent_writes_the_derived_data_equals_a_recomputation_from_the_sessions()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = storage.StartInProcess(
            new Dictionary<string, string?> { ["Sessions:AbandonAfter"] = "00:05:00", ["Sessions:SweepInterval"] = "00:01:00" },
            s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Client();

        // Each player starts, plays, completes and abandons sessions at random, some with another's token, while the
        // clock moves on (so starts fall into different minutes) and the sweep abandons the sessions left silent.
        await Task.WhenAll(Enumerable.Range(0, Players).Select(player => PlayAsync(client, new Random(player * 7919), player)));
        clock.Advance(TimeSpan.FromMinutes(6));
        // Counted from the rows (a game narrows the listing's count to them), not from the totals under test.
        await Eventually.Until(async () => (await Task.WhenAll(Enumerable.Range(0, Games)
                .Select(game => client.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Active, Game: $"game-{game}", Take: 1))))).Sum(page => page.Total),
            active => active == 0);

        var (kept, recomputed) = ReadDerivedDataKeptAndRecomputed(service);

        Assert.That(kept.Keys, Is.Not.Empty);
        foreach (var table in kept.Keys)
            Assert.That(kept[table], Is.EqualTo(recomputed[table]), $"{table} as the writes kept it, against recomputed from the sessions");

        async Task PlayAsync(SessionStoreClient client, Random random, int player)
        {
            var open = new List<CreateSessionResponse>();
            for (var step = 0; step < StepsPerPlayer; step++)
            {
                if (random.Next(10) == 0) clock.Advance(TimeSpan.FromSeconds(random.Next(1, 40)));
                var roll = random.Next(100);
                if (open.Count == 0 || roll < 25)
                {
                    open.Add(await client.CreateSessionAsync(new CreateSession
                    {
                        PlayerName = random.Next(4) == 0 ? null : $"player {player}",
                        Game = $"game-{random.Next(Games)}",
                    }));
                    continue;
                }
                var session = open[random.Next(open.Count)];
                var id = session.Session.Id;
                var token = roll < 30 ? open[random.Next(open.Count)].Token : session.Token; // sometimes another session's token
                try
                {
                    if (roll < 70) await client.UpdateSessionAsync(new UpdateSession { Id = id, Score = random.Next(0, 1000) }, token);
                    else if (roll < 90) await client.CompleteSessionAsync(new CompleteSession { Id = id, Score = random.Next(2) == 0 ? null : random.Next(0, 1000) }, token);
                    else await client.AbandonSessionAsync(new AbandonSession { Id = id }, token);
                }
                catch (SessionStoreApiException e) when ((int)e.Status is 403 or 409)
                {
                    // another session's token, or a session that has ended: refused, and nothing derived may move
                }
            }
        }
    }

    /// <summary>
    /// Every derived table as the writes kept it, and as <see cref="IDerivedData.Rebuild"/> computes it from the sessions,
    /// both read in one transaction on a connection of its own, which is then rolled back.
    /// </summary>
    private static (Dictionary<string, List<string>> Kept, Dictionary<string, List<string>> Recomputed) ReadDerivedDataKeptAndRecomputed(InProcessService service)
    {
        var derived = service.Services.GetServices<IDerivedData>().ToList();
        using var db = service.Services.GetRequiredService<IStorageProvider>().OpenWriter();
        using var transaction = db.BeginTransaction();
        var kept = derived.SelectMany(d => d.Tables).ToDictionary(table => table, table => Rows(db, table));
        foreach (var data in derived) data.Rebuild(db);
        var recomputed = derived.SelectMany(d => d.Tables).ToDictionary(table => table, table => Rows(db, table));
        transaction.Rollback();
        return (kept, recomputed);
    }

    /// <summary>A table's rows as text, one line a row, sorted: two tables with the same rows give the same list.</summary>
    private static List<string> Rows(DataConnection db, string table)
    {
        using var command = db.OpenDbConnection().CreateCommand();
        command.Transaction = db.Transaction;
        command.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader, i))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Text(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? "null" : Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture) ?? "";
}
