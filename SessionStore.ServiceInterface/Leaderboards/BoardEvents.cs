using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// The answer of a board stream: <c>text/event-stream</c>, the board at once, then each newer board its subscriber is
/// offered, and a comment whenever it has been quiet for the keep-alive time. Ends when the client goes or the service stops.
/// </summary>
public sealed class BoardEvents(BoardSubscriber subscriber, BoardStreams streams) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var stopping = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var quiet = httpContext.RequestServices.GetRequiredService<IOptions<LeaderboardOptions>>().Value.StreamKeepAlive;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var response = httpContext.Response;
        try
        {
            response.ContentType = ContentType;
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold the events back
            httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var last = await streams.CurrentAsync(subscriber.Board, subscriber.Take, ending.Token);
            await WriteAsync(response, last, ending.Token);
            while (!ending.IsCancellationRequested)
            {
                var message = await subscriber.NextAsync(quiet, ending.Token);
                if (message is not null && message.AsSpan().SequenceEqual(last)) continue;
                await WriteAsync(response, message ?? KeepAlive, ending.Token);
                last = message ?? last;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away or the service is stopping: the stream just ends.
        }
        finally
        {
            streams.Unsubscribe(subscriber);
        }
    }

    private static async Task WriteAsync(HttpResponse response, byte[] message, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(message, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [ContentType]));
}
