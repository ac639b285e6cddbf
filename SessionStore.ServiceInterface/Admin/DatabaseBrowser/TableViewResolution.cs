using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.ServiceInterface.Admin.DatabaseBrowser;

/// <summary>The view a request asks for, or the problem that says why there is none.</summary>
public abstract record TableViewResolution
{
    private TableViewResolution() { }

    public sealed record Resolved(TableView View) : TableViewResolution;

    /// <summary>No such table (404), or a sort column or filter that does not fit the table (400).</summary>
    public sealed record Refused(ProblemHttpResult Problem) : TableViewResolution;
}
