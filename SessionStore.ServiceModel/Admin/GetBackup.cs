using System.ComponentModel;

namespace SessionStore.ServiceModel;

/// <summary>Downloads one backup file by name.</summary>
[Route("/api/admin/backups/{name}", "GET")]
public sealed record GetBackup : IReturn<Stream>
{
    [Description("The backup's file name, as ListBackups gives it.")]
    public required string Name { get; init; }
}
