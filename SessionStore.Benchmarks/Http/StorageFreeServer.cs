using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceModel;

namespace SessionStore.Benchmarks.Http;

/// <summary>
/// The ceiling a service on this machine can reach: a minimal ASP.NET Core app that takes the same
/// <c>POST /api/sessions</c> JSON and answers the same shape (201, Location, the session and a token), from memory,
/// storing nothing. Run by the suite as <c>dotnet SessionStore.Benchmarks.dll storage-free --urls …</c>.
/// </summary>
public static class StorageFreeServer
{
    public const string Command = "storage-free";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information); // "Now listening on", which the suite waits for
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);
        await using var app = builder.Build();
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.MapPost("/api/sessions", (CreateSession? request) =>
        {
            var now = DateTime.UtcNow;
            var session = new Session
            {
                Id = Guid.CreateVersion7(),
                PlayerName = request?.PlayerName,
                Game = request?.Game ?? Limits.DefaultGame,
                Status = SessionStatus.Active,
                StartedAt = now,
                LastSeenAt = now,
                DurationSeconds = 0,
                Metadata = request?.Metadata,
            };
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            return TypedResults.Created($"/api/sessions/{session.Id}", new CreateSessionResponse(session, token));
        });
        await app.RunAsync();
    }
}
