namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>A column as the database's catalog declares it. <see cref="PrimaryKeyPosition"/> is 0 when it is not part of the primary key.</summary>
public sealed record ColumnSchema(string Name, string DeclaredType, int PrimaryKeyPosition, bool NotNull, string? DefaultValue, ColumnAffinity Affinity);
