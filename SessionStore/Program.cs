using SessionStore.ServiceInterface;
using SessionStore.ServiceInterface.Admin;
using SessionStore.ServiceInterface.Admin.DatabaseBrowser;
using SessionStore.ServiceInterface.Health;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Leaderboards;
using SessionStore.ServiceInterface.Metrics;
using SessionStore.ServiceInterface.RequestLog;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Backups;

// "restore <backup-file>" and "restore --from-s3 latest|<name>" are the offline restore (docs/operations.md); any arguments after it configure as usual.
var restore = OfflineRestore.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = restore?.ConfigurationArguments ?? args,
    // appsettings.json and wwwroot sit next to the binaries, wherever the process is started from;
    // only a relative Storage:DataDirectory resolves against the working directory.
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.Services.AddSessionStore(builder.Configuration);

// Disposed on every way out, so the console logger writes a startup failure's sentence before the process ends.
await using var app = builder.Build();
if (restore is not null) return await restore.RunAsync(app.Services);
if (!app.TryValidateConfiguration()) return 1;

app.UseSecurityHeaders();
app.UseClientAddresses();
app.UseRequestLog();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestCounting();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseCors();
app.UseEnumQueryValues();
app.UseRateLimiter();

// Every route comes from its request DTO's [Route]; the groups add what a set of endpoints shares.
var api = app.MapGroup("").WithApiConventions();
api.MapSessions();
api.MapStats();
api.MapLeaderboards();
var admin = api.MapAdmin();
admin.MapDatabaseBrowser();
admin.MapStorageAdmin();
admin.MapRequestLog();
admin.MapLeaderboardAdmin();
app.MapHealth();
app.MapApiExplorer();
app.MapMetricsExport();

if (!app.TryOpenStorage()) return 1;
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
