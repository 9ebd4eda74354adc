using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record RefusedView(string Message, LaunchRefusal Refusal, string? RestartUrl);

public sealed record LaunchedView(string Destination, string Title, string ResumeUrl, string Name, CourseRole Role)
{
    public string RoleName => Role switch
    {
        CourseRole.Student => "a student",
        CourseRole.TA => "a teaching assistant",
        CourseRole.Instructor => "an instructor",
    };
}

// The LMS-facing endpoints. They are anonymous by design: the caller is the LMS (or a browser it
// sent), and who it is comes from the signed id_token, checked before anything happens.
// /lti/login and /lti/launch receive cross-site POSTs from the LMS, which cannot carry our
// antiforgery token; they are exempt on purpose, and the OIDC state (single use, bound to this
// browser by a cookie) and nonce (bound to the state, checked inside the signed token) are their
// CSRF protection (LaunchFlow).
[AllowAnonymous]
public sealed class LtiController(LaunchFlow flow, LaunchHandler handler, SignInManager<AppUser> signIn,
    GraderHubDbContext db, TimeProvider clock) : Controller
{
    public static readonly TimeSpan ResumeLifetime = TimeSpan.FromMinutes(2);

    [HttpGet("/lti/login"), HttpPost("/lti/login")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Login(CancellationToken ct)
    {
        var form = HttpMethods.IsPost(Request.Method) && Request.HasFormContentType ? await Request.ReadFormAsync(ct) : null;
        string? Param(string name) => (form is not null && form.TryGetValue(name, out var f) ? f.ToString() : Request.Query[name].ToString()) is { Length: > 0 and <= 4096 } v ? v : null;
        var login = new LoginRequest(Param("iss"), Param("login_hint"), Param("target_link_uri"), Param("lti_message_hint"),
            Param("client_id"), Param("lti_deployment_id"));
        var outcome = await flow.StartLoginAsync(HttpContext, login, $"{Request.Scheme}://{Request.Host}/lti/launch", ct);
        if (outcome.Refusal is { } refusal)
        {
            await flow.RecordRefusalAsync(refusal, outcome.Issuer, outcome.Detail, ct);
            return Refused(refusal, null);
        }
        return Redirect(outcome.RedirectUrl!);
    }

    [HttpPost("/lti/launch")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Launch(CancellationToken ct)
    {
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(ct) : null;
        if (form?["error"].ToString() is { Length: > 0 } error)
        {
            // The LMS answered the authorisation request with an error (OIDC 3.1.2.6).
            await flow.RecordRefusalAsync(LaunchRefusal.MissingParameters, null, $"platform error {error}: {form["error_description"]}", ct);
            return Refused(LaunchRefusal.MissingParameters, null);
        }
        var outcome = await flow.ValidateLaunchAsync(HttpContext, form?["id_token"].ToString(), form?["state"].ToString(), ct);
        if (outcome.Refusal is { } refusal)
        {
            await flow.RecordRefusalAsync(refusal, outcome.Platform?.Issuer, outcome.Detail, ct);
            return Refused(refusal, outcome.CookieMissing && outcome.Restart is { } r ? "/lti/login?" + r.Query() : null);
        }
        var landing = await handler.ApplyAsync(outcome.Platform!, outcome.Message!, ct);
        LtiCookies.MarkFlow(HttpContext);
        await signIn.SignInAsync(landing.User, isPersistent: false);
        LtiCookies.Append(HttpContext, LtiCookies.Marker, "1", TimeSpan.FromHours(12));

        // If the iframe drops the sign-in cookie, the person continues in a new window with this
        // one-time code (first-party there); launched.js decides which link to offer.
        var now = clock.GetUtcNow();
        var resume = new LtiTicket
        {
            Purpose = LtiTicketPurpose.Resume, Value = LaunchFlow.Token(), PlatformId = outcome.Platform!.Id, UserId = landing.User.Id,
            Payload = landing.Destination, CreatedAt = now, ExpiresAt = now + ResumeLifetime,
        };
        db.LtiTickets.Add(resume);
        await db.SaveChangesAsync(ct);
        return View("Launched", new LaunchedView(landing.Destination, landing.Title, "/lti/resume?code=" + resume.Value,
            landing.User.DisplayName, landing.Role));
    }

    [HttpGet("/lti/resume")]
    public async Task<IActionResult> Resume(string? code, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ticket = string.IsNullOrEmpty(code) || code.Length > 128 ? null
            : await db.LtiTickets.AsNoTracking().SingleOrDefaultAsync(t => t.Value == code && t.Purpose == LtiTicketPurpose.Resume, ct);
        var claimed = ticket is not null && ticket.ExpiresAt >= now && await db.LtiTickets
            .Where(t => t.Id == ticket.Id && t.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct) == 1;
        if (!claimed || await db.Users.FindAsync([ticket!.UserId], ct) is not { } user)
        {
            await flow.RecordRefusalAsync(LaunchRefusal.StateUsed, null, "resume code unknown, used or expired", ct);
            return Refused(LaunchRefusal.StateUsed, null);
        }
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(ticket.Payload is { Length: > 0 } p && p.StartsWith('/') ? p : "/");
    }

    // Whether this browser sends the sign-in cookie here (launched.js asks from inside the iframe).
    [HttpGet("/lti/session")]
    public IActionResult Session() => Json(new { signedIn = User.Identity?.IsAuthenticated == true });

    [HttpGet("/lti/jwks")]
    public async Task<IActionResult> Jwks([FromServices] ToolKeys keys, CancellationToken ct) =>
        Content(await keys.JwksJsonAsync(ct), "application/json");

    // 400 with the reason in words: the launch is refused whoever asks.
    private ViewResult Refused(LaunchRefusal refusal, string? restartUrl)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Refused", new RefusedView(LaunchRefusals.Explain(refusal), refusal, restartUrl));
    }
}
