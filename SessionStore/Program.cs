using SessionStore.ServiceInterface;
using SessionStore.ServiceInterface.Health;
using SessionStore.ServiceInterface.HighScores;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // wwwroot is copied next to the binaries, wherever the process is started from.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.Services.AddSessionStore(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestCounting();
app.UseDefaultFiles();
app.UseStaticFiles();

var api = app.MapGroup("/api").WithRequestValidation();
api.MapSessions();
api.MapStats();
api.MapHighScores();
app.MapHealth();

try
{
    await app.RunAsync();
    return 0;
}
catch (StorageStartupException e)
{
    // One sentence an operator can act on, not a stack trace.
    app.Logger.LogCritical("SessionStore cannot start: {Reason}", e.Message);
    return 1;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
