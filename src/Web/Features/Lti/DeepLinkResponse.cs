using System.Globalization;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record DeepLinkChoice(int? SetId, int? ProblemId);

public sealed record DeepLinkPost(string ReturnUrl, string Jwt, string Title);

// The signed LtiDeepLinkingResponse (Deep Linking 2.0, 4.2): one LtiResourceLink to the chosen set
// (with a line item: score maximum = the set's points, label, resourceId) or problem, launching
// at /lti/launch with the choice in its custom parameters.
public sealed class DeepLinkResponse(GraderHubDbContext db, ToolKeys keys, TimeProvider clock)
{
    public async Task<(LtiTicket Ticket, DeepLinkRequest Request)?> TicketAsync(string? value, string userId, int courseId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 128) return null;
        var ticket = await db.LtiTickets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.Value == value && t.Purpose == LtiTicketPurpose.DeepLink && t.UserId == userId, ct);
        if (ticket is null || ticket.UsedAt is not null || ticket.ExpiresAt < clock.GetUtcNow()) return null;
        var request = JsonSerializer.Deserialize<DeepLinkRequest>(ticket.Payload!)!;
        return request.CourseId == courseId ? (ticket, request) : null;
    }

    public async Task<DeepLinkPost?> BuildAsync(LtiTicket ticket, DeepLinkRequest request, DeepLinkChoice choice, string launchUrl, CancellationToken ct)
    {
        var platform = await db.LtiPlatforms.AsNoTracking().SingleAsync(p => p.Id == ticket.PlatformId, ct);
        Dictionary<string, object> item;
        string title;
        if (choice.ProblemId is { } problemId)
        {
            var problem = await db.Problems.AsNoTracking().Where(p => p.Id == problemId && p.ProblemSet.CourseId == request.CourseId)
                .Select(p => new { p.Id, p.Title, Set = p.ProblemSet.Title }).SingleOrDefaultAsync(ct);
            if (problem is null) return null;
            title = $"{problem.Set}: {problem.Title}";
            // A problem's link shows the problem; the set's score goes to the set's own column.
            item = Link(title, launchUrl, new() { ["problem_id"] = Id(problem.Id) });
        }
        else if (choice.SetId is { } setId)
        {
            var set = await db.ProblemSets.AsNoTracking().Where(s => s.Id == setId && s.CourseId == request.CourseId)
                .Select(s => new { s.Id, s.Title, Problems = s.Problems.Select(p => new { p.Key, p.PoolKey, p.Points }).ToList() })
                .SingleOrDefaultAsync(ct);
            if (set is null) return null;
            title = set.Title;
            item = Link(title, launchUrl, new() { ["set_id"] = Id(set.Id) });
            if (request.AcceptLineItem)
                item["lineItem"] = new Dictionary<string, object>
                {
                    // A pool is one slot of the set's points.
                    ["scoreMaximum"] = Pools.Possible(set.Problems.Select(p => (p.Key, p.PoolKey, p.Points))), ["label"] = set.Title, ["resourceId"] = ScoreSender.ResourceId(set.Id), ["tag"] = "graderhub",
                };
        }
        else return null;

        var claims = new Dictionary<string, object>
        {
            ["iss"] = platform.ClientId, ["aud"] = platform.Issuer, ["azp"] = platform.ClientId, ["nonce"] = LaunchFlow.Token(),
            [LtiSpec.DeploymentIdClaim] = request.DeploymentId,
            [LtiSpec.MessageTypeClaim] = LtiSpec.DeepLinkingResponse,
            [LtiSpec.VersionClaim] = LtiSpec.Version,
            [LtiSpec.ContentItemsClaim] = new[] { item },
            [LtiSpec.DeepLinkMsgClaim] = $"Linked {title}",
        };
        if (request.Data is not null) claims[LtiSpec.DeepLinkDataClaim] = request.Data;
        var now = clock.GetUtcNow();
        var used = await db.LtiTickets.Where(t => t.Id == ticket.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct);
        if (used == 0) return null;
        return new DeepLinkPost(request.ReturnUrl, await keys.SignAsync(claims, ct), title);
    }

    private static Dictionary<string, object> Link(string title, string url, Dictionary<string, string> custom) => new()
    {
        ["type"] = "ltiResourceLink", ["title"] = title, ["url"] = url, ["custom"] = custom,
    };

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
