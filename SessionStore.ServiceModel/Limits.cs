namespace SessionStore.ServiceModel;

/// <summary>The bounds the API enforces, shared by validation and clients.</summary>
public static class Limits
{
    public const int PlayerNameLength = 32;
    public const int GameNameLength = 64;
    public const int MetadataBytes = 4096;
    public const int DefaultQueryTake = 50;
    public const int MaxQueryTake = 500;
    /// <summary>The deepest a session listing may skip; further pages come through its cursor, which costs the same at any depth.</summary>
    public const int MaxQuerySkip = 10_000;
    public const int DefaultHighScoresTake = 10;
    public const int MaxHighScoresTake = 100;
    public const int MaxHighScoresSkip = 10_000;
    public const int CursorLength = 200;
    public const int DefaultRankAround = 5;
    public const int MaxRankAround = 25;
    public const int PlayerIdLength = 64;
    public const int ReasonLength = 200;
    public const int DefaultAdminTake = 50;
    public const int MaxAdminTake = 100;
    public const int DefaultTableRowsTake = 50;
    public const int MaxTableRowsTake = 500;
    public const string DefaultGame = "default";
    public const int RouteLength = 200;
}
