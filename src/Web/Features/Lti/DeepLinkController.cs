using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record DeepLinkSet(int Id, string Title, int Points, IReadOnlyList<(int Id, string Title)> Problems);

public sealed record DeepLinkView(int CourseId, string Ticket, IReadOnlyList<DeepLinkSet> Sets, string? Error);

// An instructor launched "add content" in the LMS (LtiDeepLinkingRequest): they choose a set or a
// problem of the course here, and the signed LtiDeepLinkingResponse goes back to the LMS.
[ForCourse(CourseLevel.Instructor, CourseResource.Course, "courseId")]
public sealed class DeepLinkController(DeepLinkResponse response, GraderHubDbContext db) : Controller
{
    [HttpGet("/lti/courses/{courseId:int}/deep-link")]
    public async Task<IActionResult> Choose(int courseId, string? ticket, CancellationToken ct)
    {
        if (await response.TicketAsync(ticket, UserId, courseId, ct) is null) return Expired();
        return View("DeepLink", new DeepLinkView(courseId, ticket!, await SetsAsync(courseId, ct), null));
    }

    [HttpPost("/lti/courses/{courseId:int}/deep-link")]
    public async Task<IActionResult> Link(int courseId, string? ticket, string? choice, CancellationToken ct)
    {
        if (await response.TicketAsync(ticket, UserId, courseId, ct) is not { } found) return Expired();
        var parsed = choice?.Split(':') is [var kind, var id] && int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? kind switch { "set" => new DeepLinkChoice(n, null), "problem" => new DeepLinkChoice(null, n), _ => null }
            : null;
        var post = parsed is null ? null
            : await response.BuildAsync(found.Ticket, found.Request, parsed, $"{Request.Scheme}://{Request.Host}/lti/launch", ct);
        if (post is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("DeepLink", new DeepLinkView(courseId, ticket!, await SetsAsync(courseId, ct), "Choose a set or a problem of this course."));
        }
        LtiFraming.AllowFormPostTo(HttpContext, new Uri(post.ReturnUrl));
        return View("DeepLinkReturn", post);
    }

    private ViewResult Expired()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Refused", new RefusedView("This content selection has expired or was already used. Start it again from the LMS.",
            LaunchRefusal.StateUsed, null));
    }

    private async Task<IReadOnlyList<DeepLinkSet>> SetsAsync(int courseId, CancellationToken ct)
    {
        var sets = await db.ProblemSets.AsNoTracking().Where(s => s.CourseId == courseId).OrderBy(s => s.Week).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Title,
                Problems = s.Problems.OrderBy(p => p.Position).Select(p => new { p.Id, p.Title, p.Key, p.PoolKey, p.Points }).ToList()
            })
            .ToListAsync(ct);
        // A pool is one slot of the set's points (Pools).
        return sets.Select(s => new DeepLinkSet(s.Id, s.Title, Pools.Possible(s.Problems.Select(p => (p.Key, p.PoolKey, p.Points))),
            s.Problems.Select(p => (p.Id, p.Title)).ToList())).ToList();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
