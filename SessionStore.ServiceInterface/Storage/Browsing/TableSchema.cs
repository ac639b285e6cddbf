namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>
/// A table as the database describes itself. The only source of names that go into browsing SQL.
/// <see cref="RowIdentity"/> is the hidden column that orders rows with no other key (SQLite's <c>rowid</c>,
/// PostgreSQL's <c>ctid</c> for a table without a primary key), or null when the primary key does.
/// </summary>
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSchema> Columns, IReadOnlyList<IndexSchema> Indexes, string? RowIdentity)
{
    public ColumnSchema? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
