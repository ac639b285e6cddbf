using LinqToDB;
using LinqToDB.DataProvider.PostgreSQL;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Row locks for a write that reads rows before it changes them.</summary>
public static class RowLocks
{
    /// <summary>
    /// On PostgreSQL, locks the rows this query reads until the write's transaction ends (<c>SELECT … FOR UPDATE</c>),
    /// so a writer in another instance cannot change them between this write's check and its change: it waits, then
    /// sees the change. On SQLite the single writer already holds the whole database, and the query stays as it is:
    /// linq2db leaves the clause out there, but building the hint still costs every write (docs/benchmarks.md).
    /// </summary>
    public static IQueryable<T> LockedForUpdate<T>(this IQueryable<T> query, SessionStoreDb db) where T : notnull =>
        db.DataProvider.Name.StartsWith(ProviderName.PostgreSQL, StringComparison.Ordinal) ? query.AsPostgreSQL().ForUpdateHint() : query;
}
