using SessionStore.TestSupport;

namespace SessionStore.Tests.Support;

/// <summary>
/// The S3-protocol server the off-host backup tests run against (<see cref="S3Server"/>, s3rver on loopback). Where it
/// cannot start (s3rver not installed, no Node.js) those tests are skipped and say why; <c>SESSIONSTORE_S3_TESTS=required</c>
/// (set when ./test.sh provisioned it as root) makes that a failure instead.
/// </summary>
public static class S3TestServer
{
    private static int toldWhySkipped;

    /// <summary>A fresh server with an empty bucket; skips or fails the calling test when none can start.</summary>
    public static async Task<S3Server> StartAsync()
    {
        if (S3Server.WhyUnavailable() is { } why)
        {
            var message = $"The off-host backup tests need an S3-protocol server: {why}. Install it with scripts/s3-lab/up.sh (./test.sh does as root).";
            if (Environment.GetEnvironmentVariable("SESSIONSTORE_S3_TESTS") == "required") Assert.Fail(message);
            if (Interlocked.Exchange(ref toldWhySkipped, 1) == 0) await TestContext.Error.WriteLineAsync($"Skipped: {message}");
            Assert.Ignore(message);
        }
        return await S3Server.StartAsync();
    }
}
