using GraderHub.Data;
using System.Security.Claims;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Instructor;

public sealed record SetOverview(int Id, string Title, int Week, bool Published, int Problems,
    int Submissions, int Pending, int Failed, int Students);

[Authorize(Policy = Policies.InstructorOfAnyCourse)]
public sealed class InstructorController(GraderHubDbContext db) : Controller
{
    // Course overview: the start of the authoring pages (issue 5); the courses the user teaches.
    [HttpGet("/instructor")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var sets = await db.ProblemSets.AsNoTracking()
            .Where(s => db.CourseIdsOf(userId, CourseLevel.Instructor).Contains(s.CourseId))
            .OrderBy(s => s.Week)
            .Select(s => new SetOverview(s.Id, s.Title, s.Week, s.IsPublished, s.Problems.Count,
                db.Submissions.Count(x => x.Problem.ProblemSetId == s.Id),
                db.Submissions.Count(x => x.Problem.ProblemSetId == s.Id
                    && (x.Status == SubmissionStatus.Queued || x.Status == SubmissionStatus.Grading)),
                db.Submissions.Count(x => x.Problem.ProblemSetId == s.Id && x.Status == SubmissionStatus.Failed),
                db.Submissions.Where(x => x.Problem.ProblemSetId == s.Id).Select(x => x.UserId).Distinct().Count()))
            .ToListAsync(ct);
        return View(sets);
    }
}
