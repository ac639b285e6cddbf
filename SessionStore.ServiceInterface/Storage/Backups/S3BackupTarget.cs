using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// An S3-compatible store off the host (AWS S3, MinIO, Ceph RGW, Cloudflare R2, Backblaze B2) as an <see cref="IBackupTarget"/>,
/// through the AWS SDK. A backup is uploaded as <c>&lt;prefix&gt;&lt;name&gt;</c>: in one request up to
/// <see cref="MultipartThreshold"/>, in parts above it. Every request body carries its Content-MD5, which the store checks
/// before it keeps the bytes, and the SDK retries failed requests with backoff. The manifest goes up last, as
/// <c>&lt;name&gt;.manifest.json</c>, and only once the store reports the backup's full size: invariant, a remote backup with a
/// manifest is whole. Downloads are checked against the manifest's SHA-256. The SDK's default aws-chunked upload encoding and
/// trailing checksums are off, since not every S3-compatible store decodes them. Error sentences never carry a key.
/// </summary>
public sealed class S3BackupTarget : IBackupTarget, IDisposable
{
    /// <summary>Files up to this size go up in one PUT.</summary>
    public const long MultipartThreshold = 64L * 1024 * 1024;

    /// <summary>The smallest part S3 accepts (all but the last); larger files get larger parts, so none needs more than <see cref="MostParts"/>.</summary>
    public const long SmallestPartSize = 16L * 1024 * 1024;

    private const int MostParts = 10_000;
    private const int RetriesPerRequest = 4;
    private const string Sha256MetadataKey = "sha256";
    private const string BackupContentType = "application/vnd.sqlite3";

    private readonly S3BackupOptions options;
    private readonly AmazonS3Client client;
    private readonly long multipartThreshold;
    private readonly long partSize;
    // A manifest never changes once written, so each is fetched once.
    private readonly ConcurrentDictionary<string, BackupManifest?> manifests = new(StringComparer.Ordinal);

    public S3BackupTarget(S3BackupOptions options) : this(options, MultipartThreshold, SmallestPartSize) { }

    /// <summary>With smaller parts, so tests can see a multipart upload without writing 64 MiB.</summary>
    internal S3BackupTarget(S3BackupOptions options, long multipartThreshold, long partSize)
    {
        this.options = options;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = RetriesPerRequest,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl)) config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        client = options.AccessKey is { Length: > 0 } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public BackupLocation Location => BackupLocation.Remote;

    public string Description => options.Description;

    public async Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<BackupManifest>();
        await Guard("list the backups in", async () =>
        {
            var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = options.KeyPrefix };
            ListObjectsV2Response page;
            do
            {
                page = await client.ListObjectsV2Async(request, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    if (!item.Key.EndsWith(BackupManifest.Extension, StringComparison.Ordinal)) continue;
                    if (await ManifestAsync(item.Key, cancellationToken) is { } manifest) found.Add(manifest);
                }
                request.ContinuationToken = page.NextContinuationToken;
            } while (page.IsTruncated == true);
        });
        return [.. found.OrderByDescending(manifest => manifest.CreatedAt).ThenByDescending(manifest => manifest.Name, StringComparer.Ordinal)];
    }

    /// <summary>Uploads a verified local backup, then its manifest once the store holds all of it.</summary>
    public Task UploadAsync(string file, BackupManifest manifest, CancellationToken cancellationToken) =>
        Guard($"upload {manifest.Name} to", async () =>
        {
            var key = options.KeyPrefix + manifest.Name;
            if (manifest.SizeBytes <= multipartThreshold) await PutFileAsync(file, key, manifest, cancellationToken);
            else await PutInPartsAsync(file, key, manifest, cancellationToken);

            var stored = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = options.Bucket, Key = key }, cancellationToken);
            if (stored.ContentLength != manifest.SizeBytes)
                throw new BackupTargetException($"{Description} holds {stored.ContentLength} bytes of {manifest.Name} where {manifest.SizeBytes} were sent.");

            var json = manifest.ToJson();
            using var body = new MemoryStream(json);
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = options.KeyPrefix + BackupManifest.NameFor(manifest.Name),
                InputStream = body,
                ContentType = "application/json",
                MD5Digest = ContentMd5(json),
                UseChunkEncoding = false,
            }, cancellationToken);
            manifests[options.KeyPrefix + BackupManifest.NameFor(manifest.Name)] = manifest;
        });

    public Task CopyToAsync(BackupManifest backup, string destination, CancellationToken cancellationToken) =>
        Guard($"download {backup.Name} from", async () =>
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = options.Bucket, Key = options.KeyPrefix + backup.Name }, cancellationToken);
            await using var file = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            await file.FlushAsync(cancellationToken);
            var (length, sha256) = (file.Length, Convert.ToHexStringLower(hash.GetHashAndReset()));
            if (length == backup.SizeBytes && sha256 == backup.Sha256) return;
            file.Close();
            File.Delete(destination);
            throw new BackupTargetException(
                $"The copy of {backup.Name} in {Description} is not what its manifest recorded: {length} bytes, SHA-256 {sha256}, " +
                $"where the manifest has {backup.SizeBytes} bytes, SHA-256 {backup.Sha256}.");
        });

    public Task DeleteAsync(BackupManifest backup, CancellationToken cancellationToken) =>
        Guard($"delete {backup.Name} from", async () =>
        {
            // The manifest first: without it the backup is no longer listed, so a failure in between never lists a backup that is not there.
            var manifestKey = options.KeyPrefix + BackupManifest.NameFor(backup.Name);
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = options.Bucket, Key = manifestKey }, cancellationToken);
            manifests.TryRemove(manifestKey, out _);
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = options.Bucket, Key = options.KeyPrefix + backup.Name }, cancellationToken);
        });

    public void Dispose() => client.Dispose();

    private async Task<BackupManifest?> ManifestAsync(string key, CancellationToken cancellationToken)
    {
        if (manifests.TryGetValue(key, out var known)) return known;
        using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = options.Bucket, Key = key }, cancellationToken);
        using var json = new MemoryStream();
        await response.ResponseStream.CopyToAsync(json, cancellationToken);
        var manifest = BackupManifest.Parse(json.ToArray());
        // A manifest names the object beside it, or it is not one of ours.
        if (manifest is not null && options.KeyPrefix + BackupManifest.NameFor(manifest.Name) != key) manifest = null;
        return manifests[key] = manifest;
    }

    private async Task PutFileAsync(string file, string key, BackupManifest manifest, CancellationToken cancellationToken)
    {
        await using var body = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var md5 = await ContentMd5Async(body, cancellationToken);
        body.Position = 0;
        var request = new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = BackupContentType,
            MD5Digest = md5,
            UseChunkEncoding = false,
        };
        request.Metadata[Sha256MetadataKey] = manifest.Sha256;
        await client.PutObjectAsync(request, cancellationToken);
    }

    private async Task PutInPartsAsync(string file, string key, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var size = Math.Max(partSize, (manifest.SizeBytes + MostParts - 1) / MostParts);
        var start = new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = key, ContentType = BackupContentType };
        start.Metadata[Sha256MetadataKey] = manifest.Sha256;
        var upload = await client.InitiateMultipartUploadAsync(start, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var buffer = new byte[size];
            for (var number = 1; source.Position < source.Length; number++)
            {
                var length = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                using var part = new MemoryStream(buffer, 0, length, writable: false);
                var response = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = options.Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    PartSize = length,
                    InputStream = part,
                    MD5Digest = ContentMd5(buffer.AsSpan(0, length)),
                    UseChunkEncoding = false,
                    IsLastPart = source.Position == source.Length,
                }, cancellationToken);
                parts.Add(new PartETag(number, response.ETag));
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            // Parts left behind cost storage until a lifecycle rule removes them: give them back now, as far as the store lets us.
            try
            {
                await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = options.Bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException)
            {
                // the store is failing anyway; the first failure is the one worth reporting
            }
            throw;
        }
    }

    /// <summary>The Content-MD5 header S3's protocol asks for, so the store checks a body before it keeps it: an integrity check, not security.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Content-MD5 is S3's own request integrity check, not a security measure.")]
    private static string ContentMd5(ReadOnlySpan<byte> body) => Convert.ToBase64String(MD5.HashData(body));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Content-MD5 is S3's own request integrity check, not a security measure.")]
    private static async Task<string> ContentMd5Async(Stream body, CancellationToken cancellationToken) =>
        Convert.ToBase64String(await MD5.HashDataAsync(body, cancellationToken));

    /// <summary>Runs a call to the store; what the SDK or the network throws becomes one sentence, with any key taken out.</summary>
    private async Task Guard(string doing, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AmazonServiceException e)
        {
            var status = e.StatusCode == 0 ? "" : $" ({(int)e.StatusCode} {e.StatusCode}{(e is AmazonS3Exception { ErrorCode: { Length: > 0 } code } ? ", " + code : "")})";
            throw new BackupTargetException(Redact($"Could not {doing} {Description}{status}: {e.Message}"), e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or WebException)
        {
            throw new BackupTargetException(Redact($"Could not {doing} {Description}: {e.Message}"), e);
        }
    }

    /// <summary>Takes the access key and the secret key out of a sentence, in case a store or the SDK ever echoes one.</summary>
    private string Redact(string sentence)
    {
        foreach (var secret in new[] { options.AccessKey, options.SecretKey })
            if (secret is { Length: > 0 }) sentence = sentence.Replace(secret, "[redacted]", StringComparison.Ordinal);
        return sentence;
    }
}
