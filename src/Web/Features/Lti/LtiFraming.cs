using GraderHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

// The site forbids framing (frame-ancestors 'none', X-Frame-Options DENY) except by the LMSs an
// administrator registered: GraderHub runs inside their iframe. The origins come from the
// registered platforms (issuer and authorisation URL), re-read at most once a minute. The deep-
// linking return page alone may post its form to the LMS (form-action), to that one origin.
public sealed class LtiFraming(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private const string FormActionItem = "GraderHub.Lti.FormAction";
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(string Origins, DateTimeOffset ReadAt);

    public void Invalidate() => _snapshot = null;

    public static void AllowFormPostTo(HttpContext context, Uri target) =>
        context.Items[FormActionItem] = target.GetLeftPart(UriPartial.Authority);

    public async Task<string> OriginsAsync()
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.ReadAt < MaxAge) return snapshot.Origins;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
        var urls = await db.LtiPlatforms.AsNoTracking().Select(p => new { p.Issuer, p.AuthUrl }).ToListAsync();
        var origins = urls.SelectMany(u => new[] { u.Issuer, u.AuthUrl })
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
        var joined = string.Join(' ', origins);
        _snapshot = new Snapshot(joined, clock.GetUtcNow());
        return joined;
    }

    // Outermost middleware: its OnStarting runs after the security-header middleware wrote the policy.
    public static IApplicationBuilder UseLtiFraming(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var framing = context.RequestServices.GetRequiredService<LtiFraming>();
        context.Response.OnStarting(async () =>
        {
            var headers = context.Response.Headers;
            var csp = headers.ContentSecurityPolicy.ToString();
            if (csp.Length == 0) return;
            var origins = await framing.OriginsAsync();
            if (origins.Length > 0 && csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal))
            {
                csp = csp.Replace("frame-ancestors 'none'", "frame-ancestors 'self' " + origins, StringComparison.Ordinal);
                headers.Remove("X-Frame-Options");
            }
            if (context.Items.TryGetValue(FormActionItem, out var target) && target is string origin)
                csp = csp.Replace("form-action 'self'", "form-action 'self' " + origin, StringComparison.Ordinal);
            headers.ContentSecurityPolicy = csp;
        });
        await next(context);
    });
}
