namespace SessionStore.ServiceModel;

public sealed record IndexInfo(string Name, IReadOnlyList<string> Columns, bool Unique);
