using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

// Registering an LMS (the administration page and configuration both come here). Re-registering
// the same issuer and client id updates it; its deployment ids are replaced by the given ones.
public sealed class PlatformRegistry(GraderHubDbContext db, LtiFraming framing, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> RegisterAsync(PlatformSettings s, CancellationToken ct)
    {
        var errors = new List<string>();
        string? Url(string name, string? value)
        {
            if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || value!.Length > Limits.LtiUrlMaxLength)
                errors.Add($"{name}: an absolute URL is required.");
            // Tokens and keys travel over these: https, except to this machine (tests, a local LMS).
            else if (uri.Scheme != "https" && !(uri.Scheme == "http" && uri.IsLoopback))
                errors.Add($"{name}: must be https.");
            else return value!.Trim();
            return null;
        }
        var issuer = Url("Issuer", s.Issuer);
        var auth = Url("Authorisation URL", s.AuthUrl);
        var token = Url("Token URL", s.TokenUrl);
        var jwks = Url("JWKS URL", s.JwksUrl);
        var clientId = s.ClientId?.Trim();
        if (string.IsNullOrEmpty(clientId) || clientId.Length > Limits.LtiIdMaxLength) errors.Add("Client id: required (the LMS shows it when the tool is added).");
        var deployments = s.DeploymentIds.SelectMany(d => d.Split([',', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (deployments.Count == 0 || deployments.Any(d => d.Length > Limits.LtiIdMaxLength)) errors.Add("Deployment ids: at least one.");
        var courseId = s.CourseId is { } c && await db.Courses.AnyAsync(x => x.Id == c, ct) ? c
            : await db.Courses.OrderBy(x => x.Id).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
        if (courseId is null) errors.Add("Course: no course exists yet.");
        if (errors.Count > 0) return errors;

        var platform = await db.LtiPlatforms.Include(p => p.Deployments)
            .SingleOrDefaultAsync(p => p.Issuer == issuer && p.ClientId == clientId, ct);
        if (platform is null)
        {
            platform = new LtiPlatform
            {
                Issuer = issuer!, ClientId = clientId!, AuthUrl = auth!, TokenUrl = token!, JwksUrl = jwks!, CreatedAt = clock.GetUtcNow(),
            };
            db.LtiPlatforms.Add(platform);
        }
        platform.AuthUrl = auth!;
        platform.TokenUrl = token!;
        platform.JwksUrl = jwks!;
        platform.CourseId = courseId!.Value;
        platform.Deployments.RemoveAll(d => !deployments.Contains(d.DeploymentId));
        foreach (var d in deployments.Where(d => platform.Deployments.All(x => x.DeploymentId != d)))
            platform.Deployments.Add(new LtiDeployment { DeploymentId = d });
        await db.SaveChangesAsync(ct);
        framing.Invalidate();
        return [];
    }
}
