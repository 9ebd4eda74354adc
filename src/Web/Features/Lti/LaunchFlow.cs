using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

// The OIDC third-party-initiated login parameters (Security Framework 5.1.1.1), kept with the
// state so that a launch whose cookie the iframe blocked can start again in a new window.
public sealed record LoginRequest(string? Iss, string? LoginHint, string? TargetLinkUri, string? LtiMessageHint,
    string? ClientId, string? DeploymentId)
{
    public string Query() => string.Join("&", new (string Key, string? Value)[]
        {
            ("iss", Iss), ("login_hint", LoginHint), ("target_link_uri", TargetLinkUri),
            ("lti_message_hint", LtiMessageHint), ("client_id", ClientId), ("lti_deployment_id", DeploymentId),
        }.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
}

public sealed record LoginOutcome(string? RedirectUrl, LaunchRefusal? Refusal, string? Issuer, string? Detail);

public sealed record LaunchOutcome(LaunchRefusal? Refusal, string? Detail, LtiPlatform? Platform, LaunchMessage? Message,
    LoginRequest? Restart, bool CookieMissing);

// /lti/login and the checks of /lti/launch up to a validated message. State and nonce are single
// use, live LoginLifetime, and the state is bound to the browser that started the login by the
// hash of a random cookie; these (not an antiforgery token) protect the cross-site POSTs.
public sealed class LaunchFlow(GraderHubDbContext db, LaunchValidator validator, TimeProvider clock, ILogger<LaunchFlow> log)
{
    public static readonly TimeSpan LoginLifetime = TimeSpan.FromMinutes(10);
    public const string StateCookiePrefix = "GraderHub.LtiState.";

    public async Task<LoginOutcome> StartLoginAsync(HttpContext http, LoginRequest login, string redirectUri, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(login.Iss) || string.IsNullOrEmpty(login.LoginHint) || string.IsNullOrEmpty(login.TargetLinkUri))
            return Refuse(LaunchRefusal.MissingParameters, login.Iss, "iss, login_hint and target_link_uri are required");
        var candidates = await db.LtiPlatforms.AsNoTracking()
            .Where(p => p.Issuer == login.Iss && (login.ClientId == null || p.ClientId == login.ClientId))
            .Take(2).ToListAsync(ct);
        // Without a client id the issuer must name one registration.
        if (candidates.Count != 1) return Refuse(LaunchRefusal.UnknownPlatform, login.Iss, $"client_id {login.ClientId}");
        var platform = candidates[0];

        var state = Token();
        var nonce = Token();
        var browserSecret = Token();
        var now = clock.GetUtcNow();
        db.LtiTickets.Add(new LtiTicket
        {
            Purpose = LtiTicketPurpose.Login, Value = state, Nonce = nonce, BrowserHash = Hash(browserSecret),
            PlatformId = platform.Id, Payload = JsonSerializer.Serialize(login), CreatedAt = now, ExpiresAt = now + LoginLifetime,
        });
        await db.SaveChangesAsync(ct);
        LtiCookies.MarkFlow(http);
        LtiCookies.Append(http, StateCookieName(state), browserSecret, LoginLifetime, "/lti");

        var query = new List<(string, string?)>
        {
            ("scope", "openid"), ("response_type", "id_token"), ("response_mode", "form_post"), ("prompt", "none"),
            ("client_id", platform.ClientId), ("redirect_uri", redirectUri), ("login_hint", login.LoginHint),
            ("state", state), ("nonce", nonce), ("lti_message_hint", login.LtiMessageHint),
        };
        var separator = platform.AuthUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new LoginOutcome(platform.AuthUrl + separator + string.Join("&", query.Where(q => q.Item2 is not null)
            .Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2!)}")), null, platform.Issuer, null);
    }

    public async Task<LaunchOutcome> ValidateLaunchAsync(HttpContext http, string? idToken, string? state, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 128 || string.IsNullOrEmpty(idToken))
            return Refused(LaunchRefusal.MissingParameters, null, "state and id_token are required");
        var ticket = await db.LtiTickets.SingleOrDefaultAsync(t => t.Value == state && t.Purpose == LtiTicketPurpose.Login, ct);
        if (ticket is null) return Refused(LaunchRefusal.UnknownState, null, null);
        var platform = await db.LtiPlatforms.Include(p => p.Deployments).SingleOrDefaultAsync(p => p.Id == ticket.PlatformId, ct);
        if (platform is null) return Refused(LaunchRefusal.UnknownPlatform, null, "platform removed");
        var now = clock.GetUtcNow();
        // Single use: claimed before anything else, so a replay of this very POST is refused.
        var claimed = await db.LtiTickets.Where(t => t.Id == ticket.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct);
        if (claimed == 0) return Refused(LaunchRefusal.StateUsed, platform, null);
        if (ticket.ExpiresAt < now) return Refused(LaunchRefusal.StateExpired, platform, null);
        var restart = JsonSerializer.Deserialize<LoginRequest>(ticket.Payload ?? "{}");
        var cookieName = StateCookieName(state);
        if (http.Request.Cookies[cookieName] is not { } secret)
            // The iframe did not keep the cookie (third-party cookies blocked): offer a new window.
            return new LaunchOutcome(LaunchRefusal.OtherBrowser, "state cookie missing", platform, null, restart, true);
        http.Response.Cookies.Delete(cookieName, new CookieOptions { Path = "/lti" });
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(ticket.BrowserHash ?? "")))
            return Refused(LaunchRefusal.OtherBrowser, platform, "state cookie does not match");

        var result = await validator.ValidateAsync(idToken, platform, platform.Deployments.Select(d => d.DeploymentId).ToList(), ticket.Nonce!, ct);
        if (result.Refusal is { } refusal) return Refused(refusal, platform, result.Detail);
        var message = result.Message!;
        if (LtiRoles.ToCourseRole(message.Roles) is null)
            return Refused(LaunchRefusal.UnknownRole, platform, LtiRoles.Describe(message.Roles));
        return new LaunchOutcome(null, null, platform, message, null, false);
    }

    public static string StateCookieName(string state) => StateCookiePrefix + state[..Math.Min(16, state.Length)];

    // Every refusal is logged with its platform and why, and written to the audit log, which the
    // LTI administration page lists. Refusals come from anonymous callers, so their rows are
    // bounded: past MaxRefusalsKept the oldest are deleted (the log line stays), checked on one
    // refusal in PruneEvery so a flood of refused launches costs an insert each, not a scan.
    public const string RefusedAction = "lti.refused";
    public const int MaxRefusalsKept = 1_000;
    public const int PruneEvery = 50;

    public async Task RecordRefusalAsync(LaunchRefusal refusal, string? issuer, string? detail, CancellationToken ct)
    {
        log.LogWarning("LTI launch refused: {Refusal} (issuer {Issuer}): {Detail}", refusal, issuer ?? "-", detail ?? "-");
        var entry = new AuditLogEntry
        {
            At = clock.GetUtcNow(), Action = RefusedAction, EntityType = "LtiLaunch",
            EntityId = refusal.ToString(),
            Details = JsonSerializer.Serialize(new { issuer, detail = detail is { Length: > 500 } ? detail[..500] : detail }),
        };
        db.AuditLog.Add(entry);
        await db.SaveChangesAsync(ct);
        if (entry.Id % PruneEvery == 0) await PruneRefusalsAsync(ct);
    }

    private async Task PruneRefusalsAsync(CancellationToken ct)
    {
        var oldestKept = await db.AuditLog.Where(a => a.Action == RefusedAction).OrderByDescending(a => a.Id)
            .Skip(MaxRefusalsKept - 1).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (oldestKept is { } id)
            await db.AuditLog.Where(a => a.Action == RefusedAction && a.Id < id).ExecuteDeleteAsync(ct);
    }

    private static LoginOutcome Refuse(LaunchRefusal refusal, string? issuer, string? detail) => new(null, refusal, issuer, detail);

    private static LaunchOutcome Refused(LaunchRefusal refusal, LtiPlatform? platform, string? detail) =>
        new(refusal, detail, platform, null, null, false);

    public static string Token() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
