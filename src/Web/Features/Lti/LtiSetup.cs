using GraderHub.Data;
using GraderHub.Data.Entities;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

// A platform from configuration (GraderHub:Lti:Platforms:N:...), for scripted set-ups.
public sealed class PlatformSettings
{
    public string? Issuer { get; set; }
    public string? ClientId { get; set; }
    public List<string> DeploymentIds { get; set; } = [];
    public string? AuthUrl { get; set; }
    public string? TokenUrl { get; set; }
    public string? JwksUrl { get; set; }
    public int? CourseId { get; set; }
}

public static class LtiSetup
{
    public static IServiceCollection AddGraderHubLti(this IServiceCollection services)
    {
        services.AddHttpClient(LtiHttp.ClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<PlatformKeys>();
        services.AddSingleton<AccessTokenCache>();
        services.AddSingleton<LtiFraming>();
        services.AddScoped<ToolKeys>();
        services.AddScoped<LaunchValidator>();
        services.AddScoped<LaunchFlow>();
        services.AddScoped<LaunchHandler>();
        services.AddScoped<PlatformClient>();
        services.AddScoped<ScoreOutbox>();
        services.AddScoped<ScoreSender>();
        services.AddScoped<PlatformRegistry>();
        services.AddScoped<Reconciliation>();
        services.AddScoped<RosterImport>();
        services.AddScoped<DeepLinkResponse>();
        return services;
    }

    // At start-up: configured platforms registered (or updated), a tool key made if none exists,
    // the outbox swept (scores left by the last process) and the sweep scheduled every minute.
    public static async Task InitializeAsync(IServiceProvider sp, IConfiguration config, ILogger log)
    {
        var registry = sp.GetRequiredService<PlatformRegistry>();
        var configured = config.GetSection("GraderHub:Lti:Platforms").Get<List<PlatformSettings>>() ?? [];
        foreach (var p in configured)
        {
            var errors = await registry.RegisterAsync(p, CancellationToken.None);
            if (errors.Count > 0) log.LogError("LTI platform {Issuer} from configuration not registered: {Errors}", p.Issuer, string.Join("; ", errors));
        }
        var db = sp.GetRequiredService<GraderHubDbContext>();
        if (!await db.LtiToolKeys.AnyAsync()) await sp.GetRequiredService<ToolKeys>().CreateAsync(CancellationToken.None);
        var stale = sp.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-1);
        await db.LtiTickets.Where(t => t.ExpiresAt < stale).ExecuteDeleteAsync();
        // Not awaited here: an unreachable LMS must not hold up the start.
        var pending = await db.LtiScores.CountAsync(s => s.Status == LtiScoreStatus.Pending);
        if (pending > 0) log.LogInformation("{Count} LTI scores left in the outbox; sending them", pending);
        sp.GetRequiredService<IBackgroundJobClient>().Enqueue<ScoreSender>(s => s.ResumeAsync());
        sp.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ScoreSender>(ScoreSender.RecurringJobId, s => s.SweepAsync(), Cron.Minutely());
    }
}
