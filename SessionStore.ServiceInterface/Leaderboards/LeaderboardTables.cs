using LinqToDB;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>The tables the leaderboards feature owns, as linq2db tables on a connection.</summary>
public static class LeaderboardTables
{
    extension(SessionStoreDb db)
    {
        public ITable<GameRecord> Games => db.GetTable<GameRecord>();
        public ITable<EntryRecord> Entries => db.GetTable<EntryRecord>();
        public ITable<BoardRowRecord> BoardRows => db.GetTable<BoardRowRecord>();
        public ITable<BoardSizeRecord> BoardSizes => db.GetTable<BoardSizeRecord>();
        public ITable<DecisionRecord> Decisions => db.GetTable<DecisionRecord>();
        public ITable<BanRecord> Bans => db.GetTable<BanRecord>();
        public ITable<AuditRecord> AuditLog => db.GetTable<AuditRecord>();
        public ITable<AuditSaltRecord> AuditSalt => db.GetTable<AuditSaltRecord>();
    }
}
