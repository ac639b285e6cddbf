using LinqToDB;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>The tables the stats feature owns, as linq2db tables on a connection.</summary>
public static class StatsTables
{
    extension(SessionStoreDb db)
    {
        public ITable<SessionStartsRecord> SessionStarts => db.GetTable<SessionStartsRecord>();
        public ITable<GameDayRecord> GameDays => db.GetTable<GameDayRecord>();
        public ITable<GameDayDurationRecord> GameDayDurations => db.GetTable<GameDayDurationRecord>();
        public ITable<GameDayDropOffRecord> GameDayDropOffs => db.GetTable<GameDayDropOffRecord>();
    }
}
