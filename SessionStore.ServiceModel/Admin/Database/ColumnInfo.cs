namespace SessionStore.ServiceModel;

/// <summary>A column as the schema declares it. <c>PrimaryKey</c> is its position in the primary key, 0 if not part of it.</summary>
public sealed record ColumnInfo(string Name, string Type, int PrimaryKey, bool NotNull, string? DefaultValue);
