namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>An index and its columns in order; an expression stands as <see cref="Expression"/>.</summary>
public sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool Unique)
{
    public const string Expression = "(expression)";
}
