using LinqToDB;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>The tables the high scores feature owns, as linq2db tables on a connection.</summary>
public static class HighScoreTables
{
    extension(SessionStoreDb db)
    {
        public ITable<HighScoreRecord> HighScores => db.GetTable<HighScoreRecord>();
    }
}
