using System.Diagnostics.CodeAnalysis;

namespace SessionStore.ServiceInterface.Storage.Browsing;

/// <summary>
/// How a column's values compare and which filter values make sense for it: SQLite's type affinity
/// (sqlite.org/datatype3.html, 3.1), and the same classes for PostgreSQL's types.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "SQLite's own names for its affinities.")]
public enum ColumnAffinity
{
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}
