using System.Text.Json;
using GraderHub.Data;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GraderHub.Web.Features.Health;

public sealed class DatabaseHealthCheck(GraderHubDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            // A committed write, not only a query: a read-only file, a database another process
            // holds locked, or (where the journal must grow) a full disk fail here. The update
            // rewrites every migration row with its own value, so it changes nothing. Bounded in
            // time: SQLite would otherwise wait up to 30 s for a lock.
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(3));
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"__EFMigrationsHistory\" SET \"ProductVersion\" = \"ProductVersion\"", ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database not writable", ex);
        }
    }
}

public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var stats = storage.GetMonitoringApi().GetStatistics();
            // Grading needs a running server, not only a reachable queue.
            return Task.FromResult(stats.Servers > 0
                ? HealthCheckResult.Healthy($"{stats.Servers} server(s), {stats.Enqueued} enqueued")
                : HealthCheckResult.Unhealthy("no job server is running"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("job storage unusable", ex));
        }
    }
}

// Anyone may ask whether the site is up, so the answer is the status alone; what failed and why
// goes to the log, where operators look, never to an anonymous caller.
public static class HealthResponse
{
    public static readonly HealthCheckOptions Options = new()
    {
        ResponseWriter = async (http, report) =>
        {
            if (report.Status != HealthStatus.Healthy)
            {
                var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GraderHub.Health");
                foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
                    log.LogWarning(entry.Exception, "Health check {Check} is {Status}: {Description}", name, entry.Status, entry.Description);
            }
            http.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(http.Response.Body, new { status = report.Status.ToString() });
        },
    };
}
