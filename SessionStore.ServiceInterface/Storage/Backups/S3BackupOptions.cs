namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// The <c>Backup:S3</c> section: an S3-compatible store (AWS S3, MinIO, Ceph RGW, Cloudflare R2, Backblaze B2) that every
/// verified backup is copied to. <see cref="AccessKey"/> and <see cref="SecretKey"/> are secrets: they are only ever handed
/// to the SDK, never logged, never in an API answer.
/// </summary>
public sealed class S3BackupOptions
{
    /// <summary>The store's endpoint, such as <c>https://s3.eu-west-1.amazonaws.com</c> or <c>http://minio:9000</c>; empty for AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket. Off-host copies are on exactly when this is set.</summary>
    public string? Bucket { get; set; }

    /// <summary>The folder in the bucket the backups go to, such as <c>sessionstore/production</c>; empty for the bucket's root.</summary>
    public string? Prefix { get; set; }

    /// <summary>The region to sign for: AWS's region, or what the store expects (MinIO and Ceph take <c>us-east-1</c>, R2 <c>auto</c>).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The access key id; with neither key set, the SDK's own chain (environment, instance role) is used.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Addresses the bucket in the path (<c>host/bucket/key</c>), as MinIO, Ceph and most stores other than AWS want.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>How many of its own backups the service keeps in the bucket; older ones are deleted after each upload.</summary>
    public int Keep { get; set; } = 168;

    public bool Enabled => !string.IsNullOrWhiteSpace(Bucket);

    /// <summary>Where the copies go, for people: never a key.</summary>
    public string Description => $"s3://{Bucket}/{KeyPrefix}" + (string.IsNullOrWhiteSpace(ServiceUrl) ? "" : $" at {ServiceUrl}");

    /// <summary>The prefix as keys start with it: no leading slash, one trailing slash, or empty.</summary>
    public string KeyPrefix => Prefix?.Trim('/') is { Length: > 0 } prefix ? prefix + "/" : "";
}
