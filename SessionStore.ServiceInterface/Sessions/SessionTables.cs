using LinqToDB;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The tables the sessions feature owns, as linq2db tables on a connection.</summary>
public static class SessionTables
{
    extension(SessionStoreDb db)
    {
        public ITable<SessionRecord> Sessions => db.GetTable<SessionRecord>();
        public ITable<SessionTotalsRecord> SessionTotals => db.GetTable<SessionTotalsRecord>();
    }
}
