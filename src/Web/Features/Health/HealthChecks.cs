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
            // A real query, not just an open connection: proves the schema is migrated.
            _ = await db.ProblemSets.AnyAsync(ct);
            // Writable: a locked database cannot take the write lock within a second. A full
            // one can, so a fault the submit path or the grade writer met recently counts too.
            if (db.Database.IsSqlite())
            {
                db.Database.SetCommandTimeout(TimeSpan.FromSeconds(1));
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
            return storage.RecentFault() is { } fault
                ? HealthCheckResult.Unhealthy("database not writable: " + fault)
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
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

public static class HealthResponse
{
    public static readonly HealthCheckOptions Options = new()
    {
        ResponseWriter = async (http, report) =>
        {
            http.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(http.Response.Body, new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                }),
            });
        },
    };
}
