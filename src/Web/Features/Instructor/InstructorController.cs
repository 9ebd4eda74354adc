using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Instructor;

public sealed record SetOverview(int Id, string Title, int Week, bool Published, int Problems,
    int Submissions, int Pending, int Failed, int Students);

[Authorize(Roles = Roles.Instructor)]
public sealed class InstructorController(GraderHubDbContext db) : Controller
{
    // Course overview: the start of the authoring pages (issue 5).
    [HttpGet("/instructor")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var sets = await db.ProblemSets.AsNoTracking()
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
