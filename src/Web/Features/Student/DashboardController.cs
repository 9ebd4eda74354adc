using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Student;

public sealed class DashboardController(GraderHubDbContext db, TimeProvider clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), null, ct));

    [HttpGet("/sets/{id:int}"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> ProblemSet(int id, CancellationToken ct)
    {
        var sets = await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), id, ct);
        return sets.Count == 1 ? View(sets[0]) : NotFound();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
