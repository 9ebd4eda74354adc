using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Exam;

public sealed record ExamLogPage(int SetId, string Title, IReadOnlyList<ExamLogStudent> Students, string? UserId,
    IReadOnlyList<(string UserId, string Name)> Everyone);

// An exam's log: the page's focus reports come in here (the student's own exam only, while it
// runs for them), and staff of the course read each student's log and its CSV.
public sealed class ExamController(GraderHubDbContext db, TimeProvider clock, ExamLog log) : Controller
{
    public const string FocusLimiterKey = "exam-focus";

    // The exam pages' script (wwwroot/js/exam-focus.js) posts the page's own form here with its
    // antiforgery token when the window loses or regains focus. 204 stored; 409 not running.
    [HttpPost("/sets/{id:int}/events"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> Focus(int id, [FromForm] string? kind, [FromServices] ExamEvents events,
        [FromKeyedServices(FocusLimiterKey)] SubmissionRateLimiter limiter, CancellationToken ct)
    {
        ExamEventKind? parsed = kind switch
        {
            "focus-lost" => ExamEventKind.FocusLost,
            "focus-regained" => ExamEventKind.FocusRegained,
            _ => null,
        };
        if (parsed is not { } what) return BadRequest("kind is focus-lost or focus-regained");
        var now = clock.GetUtcNow();
        if (await db.OpenSetAsync(UserId, id, now, ct) is not { } schedule) return NotFound();
        if (!schedule.IsExam || !schedule.IsRunning(now)) return Conflict("This exam is not running for you.");
        using var lease = limiter.Acquire(UserId);
        if (!lease.IsAcquired) return StatusCode(StatusCodes.Status429TooManyRequests);
        return await events.RecordAsync(id, UserId, what, null, ct) ? NoContent() : StatusCode(StatusCodes.Status429TooManyRequests);
    }

    [HttpGet("/exam/sets/{id:int}/log"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> Log(int id, [FromQuery] string? userId, CancellationToken ct)
    {
        var title = await db.ProblemSets.Where(s => s.Id == id).Select(s => s.Title).SingleAsync(ct);
        var everyone = await log.ForSetAsync(id, null, ct);
        var shown = string.IsNullOrEmpty(userId) ? everyone : await log.ForSetAsync(id, userId, ct);
        if (!string.IsNullOrEmpty(userId) && shown.Count == 0) return NotFound();
        return View("~/Features/Exam/Log.cshtml",
            new ExamLogPage(id, title, shown, userId, everyone.Select(s => (s.UserId, s.Name)).ToList()));
    }

    [HttpGet("/exam/sets/{id:int}/log.csv"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> LogCsv(int id, CancellationToken ct) =>
        File(ExamLog.Csv(await log.ForSetAsync(id, null, ct)), "text/csv", $"set-{id}-exam-log.csv");

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
