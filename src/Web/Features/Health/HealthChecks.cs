using System.Text.Json;
using GraderHub.Data;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GraderHub.Web.Features.Health;

public sealed class DatabaseHealthCheck(GraderHubDbContext db, GraderHub.Web.Features.Submissions.StorageStatus storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            // A write, not only a query: a read-only file, a database another process holds
            // locked, or a full disk fail here. Bounded in time: SQLite would otherwise wait up
            // to 30 s for a lock. On SQLite taking the write lock and rolling back proves it
            // without writing; elsewhere the update rewrites every migration row with its own
            // value, which changes nothing.
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(3));
            if (db.Database.IsSqlite())
            {
                await db.Database.OpenConnectionAsync(ct);
                try
                {
                    await db.Database.ExecuteSqlRawAsync("BEGIN IMMEDIATE; ROLLBACK;", ct);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync(
                    "UPDATE \"__EFMigrationsHistory\" SET \"ProductVersion\" = \"ProductVersion\"", ct);
            }
            // A full database can still take the write lock, so a fault the submit path or the
            // grade writer met recently counts too.
            return storage.RecentFault() is { } fault
                ? HealthCheckResult.Unhealthy("database not writable: " + fault)
                : HealthCheckResult.Healthy();
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
