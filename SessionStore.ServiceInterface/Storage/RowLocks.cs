using LinqToDB.DataProvider.PostgreSQL;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Row locks for a write that reads rows before it changes them.</summary>
public static class RowLocks
{
    /// <summary>
    /// Locks the rows this query reads until the write's transaction ends (<c>SELECT … FOR UPDATE</c>), so a writer in
    /// another instance cannot change them between this write's check and its change: it waits, then sees the change.
    /// PostgreSQL only; SQLite's single writer already holds the whole database, and linq2db leaves the hint out there.
    /// </summary>
    public static IQueryable<T> LockedForUpdate<T>(this IQueryable<T> query) where T : notnull =>
        query.AsPostgreSQL().ForUpdateHint();
}
