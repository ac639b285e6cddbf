namespace SessionStore.ServiceModel;

/// <summary>Lists every table of the database with its row count, columns and indexes.</summary>
[Route("/api/admin/tables/", "GET")]
public sealed record ListTables : IReturn<TablesResponse>;

public sealed record TablesResponse(IReadOnlyList<TableInfo> Tables);
