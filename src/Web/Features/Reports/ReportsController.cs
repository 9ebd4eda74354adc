using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

public sealed record StaffCourse(int Id, string Code, string Title, int Students, IReadOnlyList<StaffSet> Sets);
public sealed record StaffSet(int Id, int Week, string Title);

// Which gradebook a page shows: a course (a column per set) or a set (a column per problem).
public sealed record GradebookPage(string Kind, int Id, string Heading, GradeTableView View, int? CourseId, Timeline? Timeline = null);

public sealed record SetStatisticsPage(int SetId, int CourseId, string Title, IReadOnlyList<ProblemStats> Problems)
{
    // A group-credit form that was refused: its problem, its group and why.
    public (int ProblemId, string Representative, string Message)? GroupError { get; init; }

    // The problem students find hardest: lowest mean score among those attempted.
    public int? WeakestId => Problems.Where(p => p.Students > 0).OrderBy(p => p.Mean).ThenBy(p => p.Id).FirstOrDefault()?.Id;
}

public sealed class ReportsController(GraderHubDbContext db, TimeProvider clock, Problems.ProblemCatalog catalog) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("/reports"), Authorize(Policy = Policies.StaffOfAnyCourse)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var courses = await db.EnrolmentsOf(UserId, CourseLevel.Staff).AsNoTracking()
            .OrderBy(e => e.Course.Code)
            .Select(e => new StaffCourse(e.CourseId, e.Course.Code, e.Course.Title,
                e.Course.Enrollments.Count(x => x.Role == CourseRole.Student),
                e.Course.ProblemSets.OrderBy(s => s.Week).ThenBy(s => s.Id)
                    .Select(s => new StaffSet(s.Id, s.Week, s.Title)).ToList()))
            .ToListAsync(ct);
        return View(courses);
    }

    [HttpGet("/reports/courses/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Course)]
    public async Task<IActionResult> Course(int id, string? q, string? sort, bool desc, int page = 1, CancellationToken ct = default)
    {
        var view = await Gradebook.CoursePageAsync(db, id, new GradebookQuery(q, sort, desc, page), ct);
        if (view is null) return NotFound();
        return View("Gradebook", new GradebookPage("course", id, view.Title, view, null));
    }

    [HttpGet("/reports/courses/{id:int}/gradebook.csv"), ForCourse(CourseLevel.Staff, CourseResource.Course)]
    public async Task<IActionResult> CourseCsv(int id, CancellationToken ct)
    {
        var table = await Gradebook.ForCourseAsync(db, id, ct);
        return table is null ? NotFound() : File(GradeCsv.Write(table), "text/csv", $"course-{id}-gradebook.csv");
    }

    [HttpGet("/reports/sets/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> Set(int id, string? q, string? sort, bool desc, int page = 1, CancellationToken ct = default)
    {
        var view = await Gradebook.SetPageAsync(db, id, new GradebookQuery(q, sort, desc, page), ct);
        if (view is null) return NotFound();
        var dueAt = await db.ProblemSets.Where(s => s.Id == id).Select(s => s.DueAt).SingleAsync(ct);
        var timeline = await Timeline.ForSetAsync(db, id, dueAt, clock.GetUtcNow(), ct);
        return View("Gradebook", new GradebookPage("set", id, view.Title, view, view.CourseId, timeline));
    }

    [HttpGet("/reports/sets/{id:int}/report.csv"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> SetCsv(int id, CancellationToken ct)
    {
        var table = await Gradebook.ForSetAsync(db, id, ct);
        return table is null ? NotFound() : File(GradeCsv.Write(table), "text/csv", $"set-{id}-report.csv");
    }

    // Per-problem statistics of a set and its commonest wrong answers, grouped by equivalence.
    [HttpGet("/reports/sets/{id:int}/problems"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> Problems(int id, CancellationToken ct)
    {
        return View(await StatisticsPageAsync(id, ct));
    }

    // Authorization is the endpoint's policy (staff of the set's course); this only loads.
    private async Task<SetStatisticsPage> StatisticsPageAsync(int setId, CancellationToken ct)
    {
        var set = await db.ProblemSets.Where(s => s.Id == setId).Select(s => new { s.Title, s.CourseId }).SingleAsync(ct);
        return new SetStatisticsPage(setId, set.CourseId, set.Title, await ProblemStatistics.ForSetAsync(db, catalog, setId, ct));
    }

    // Feedback or partial credit for a whole group of equivalent wrong answers.
    [HttpPost("/reports/problems/{id:int}/wrong-answers"), ForCourse(CourseLevel.Staff, CourseResource.Problem)]
    public async Task<IActionResult> CreditGroup(int id, [FromForm] string representative, [FromForm] string? score,
        [FromForm] string? feedback, [FromServices] Review.GroupCredit groupCredit, CancellationToken ct)
    {
        var result = await groupCredit.RunAsync(id, representative, score, feedback, UserId, ct);
        if (result is null) return NotFound();
        var setId = await db.Problems.Where(p => p.Id == id).Select(p => p.ProblemSetId).SingleAsync(ct);
        if (result.Value.Error is { } error)
        {
            // The statistics again with the message beside the group, not a bare 400.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Problems", await StatisticsPageAsync(setId, ct) with { GroupError = (id, representative, error) });
        }
        return Redirect($"/reports/sets/{setId}/problems?applied={result.Value.Applied}#problem-{id}");
    }
}
