using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record AdminPlatform(int Id, string Issuer, string ClientId, IReadOnlyList<string> Deployments, string AuthUrl,
    string TokenUrl, string JwksUrl, string Course);

public sealed record AdminRefusal(DateTimeOffset At, string Refusal, string? Details);

public sealed record AdminView(string ToolBase, IReadOnlyList<AdminPlatform> Platforms, IReadOnlyList<LtiToolKey> Keys,
    IReadOnlyList<(int Id, string Title)> Courses, IReadOnlyList<AdminRefusal> Refusals, PlatformForm Form,
    IReadOnlyList<string> Errors, string? Notice);

public sealed class PlatformForm
{
    public string? Issuer { get; set; }
    public string? ClientId { get; set; }
    public string? DeploymentIds { get; set; }
    public string? AuthUrl { get; set; }
    public string? TokenUrl { get; set; }
    public string? JwksUrl { get; set; }
    public int? CourseId { get; set; }
}

// /admin/lti: administrators register LMSs, read the values to paste into the LMS, rotate the
// tool's key and see refused launches.
[Authorize(Policy = Policies.Administrator)]
public sealed class AdminLtiController(GraderHubDbContext db, PlatformRegistry registry, ToolKeys keys, LtiFraming framing) : Controller
{
    [HttpGet("/admin/lti")]
    public async Task<IActionResult> Index(string? notice, CancellationToken ct) => View("Admin", await ModelAsync(new PlatformForm(), [], notice, ct));

    [HttpPost("/admin/lti/platforms")]
    public async Task<IActionResult> Register(PlatformForm form, CancellationToken ct)
    {
        var errors = await registry.RegisterAsync(new PlatformSettings
        {
            Issuer = form.Issuer, ClientId = form.ClientId, DeploymentIds = [form.DeploymentIds ?? ""], AuthUrl = form.AuthUrl,
            TokenUrl = form.TokenUrl, JwksUrl = form.JwksUrl, CourseId = form.CourseId,
        }, ct);
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Admin", await ModelAsync(form, errors, null, ct));
        }
        return Redirect("/admin/lti?notice=" + Uri.EscapeDataString($"Registered {form.Issuer}."));
    }

    [HttpPost("/admin/lti/platforms/remove")]
    public async Task<IActionResult> Remove(int platformId, CancellationToken ct)
    {
        var removed = await db.LtiPlatforms.Where(p => p.Id == platformId).ExecuteDeleteAsync(ct);
        framing.Invalidate();
        return Redirect("/admin/lti?notice=" + Uri.EscapeDataString(removed == 1 ? "Platform removed." : "No such platform."));
    }

    [HttpPost("/admin/lti/keys/rotate")]
    public async Task<IActionResult> Rotate(CancellationToken ct)
    {
        var key = await keys.RotateAsync(ct);
        return Redirect("/admin/lti?notice=" + Uri.EscapeDataString($"New key {key.Kid}; the previous one stays in the JWKS for {ToolKeys.RetiredKeyGrace.TotalMinutes} minutes."));
    }

    private async Task<AdminView> ModelAsync(PlatformForm form, IReadOnlyList<string> errors, string? notice, CancellationToken ct)
    {
        var platforms = await db.LtiPlatforms.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new AdminPlatform(p.Id, p.Issuer, p.ClientId, p.Deployments.Select(d => d.DeploymentId).ToList(), p.AuthUrl,
                p.TokenUrl, p.JwksUrl, p.Course.Title))
            .ToListAsync(ct);
        var courses = (await db.Courses.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Title }).ToListAsync(ct))
            .Select(c => (c.Id, c.Title)).ToList();
        var refusals = (await db.AuditLog.AsNoTracking().Where(a => a.Action == LaunchFlow.RefusedAction)
                .OrderByDescending(a => a.Id).Take(20).ToListAsync(ct))
            .Select(a => new AdminRefusal(a.At, a.EntityId, a.Details)).ToList();
        return new AdminView($"{Request.Scheme}://{Request.Host}", platforms, await keys.PublishedAsync(ct), courses, refusals, form, errors, notice);
    }
}
