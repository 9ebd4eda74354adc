using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Review;

public sealed record QueueItem(long Id, int ProblemId, string ProblemTitle, string SetTitle, string UserId, string StudentName,
    string Answer, DateTimeOffset SubmittedAt, SubmissionStatus Status, Verdict? Verdict, string? Feedback, string? Error)
{
    // Why a person has to look at it; the queue lists only these two cases (see Queue).
    public string Reason => Status == SubmissionStatus.Failed
        ? "Grading failed, so the student has no grade: " + (Error ?? "no error was recorded.")
        : "The engine could not decide whether this answer equals the reference: " + (Feedback ?? "no reason was recorded.");
}

public sealed record ReviewQueue(int CourseId, string CourseTitle, IReadOnlyList<QueueItem> Items, int Total, int Page, int PageCount)
{
    // Students' reports of broken questions, open ones first to last.
    public IReadOnlyList<ReportItem> Reports { get; init; } = [];
}

// A student's "report a problem", with the variant they saw (the review page shows it).
public sealed record ReportItem(long Id, int ProblemId, string ProblemTitle, string SetTitle, string UserId, string StudentName,
    int VariantSeed, int ProblemVersion, string Message, DateTimeOffset CreatedAt);

public sealed record ReviewPage(StudentProblemReview Review, string? Error);

public sealed class ReviewController(GraderHubDbContext db, MarkdownRenderer markdown, Problems.ProblemCatalog catalog) : Controller
{
    private const int PageSize = 50;
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    // Every attempt of one student on one problem, with verdicts, feedback and overrides.
    [HttpGet("/review/problems/{problemId:int}/students/{userId}"), ForCourse(CourseLevel.Staff, CourseResource.Problem, "problemId")]
    public async Task<IActionResult> Attempts(int problemId, string userId, CancellationToken ct)
    {
        var review = await StudentProblemReview.LoadAsync(db, markdown, catalog, problemId, userId, ct);
        return review is null ? NotFound() : View(new ReviewPage(review, null));
    }

    [HttpPost("/review/submissions/{id:long}/override"), ForCourse(CourseLevel.Staff, CourseResource.Submission)]
    public async Task<IActionResult> Override(long id, [FromForm] string? score, [FromForm] string? reason,
        [FromServices] OverrideGrade overrideGrade, CancellationToken ct)
    {
        var result = await overrideGrade.RunAsync(id, UserId, score, reason, ct);
        if (result is null) return NotFound();
        if (result.Ok) return Redirect($"/review/problems/{result.ProblemId}/students/{Uri.EscapeDataString(result.UserId)}#attempt-{id}");
        var review = await StudentProblemReview.LoadAsync(db, markdown, catalog, result.ProblemId, result.UserId, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Attempts", new ReviewPage(review!, result.Error));
    }

    // Submissions the engine could not decide (or could not grade at all) and nobody has
    // overridden yet: the ones a person has to look at. An override (or a regrade that decides)
    // resolves an item, and it leaves the queue.
    [HttpGet("/review/courses/{courseId:int}/queue"), ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> Queue(int courseId, int page = 1, CancellationToken ct = default)
    {
        var query = db.Submissions.AsNoTracking()
            .Where(s => s.Problem.ProblemSet.CourseId == courseId && !s.Overrides.Any()
                && ((s.Status == SubmissionStatus.Graded && s.Verdict == Verdict.Undetermined) || s.Status == SubmissionStatus.Failed));
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await query
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(s => new QueueItem(s.Id, s.ProblemId, s.Problem.Title, s.Problem.ProblemSet.Title, s.UserId, s.User.DisplayName,
                s.AnswerText, s.SubmittedAt, s.Status, s.Verdict, s.Feedback, s.Error))
            .ToListAsync(ct);
        var title = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleAsync(ct);
        var reports = await db.ProblemReports.AsNoTracking()
            .Where(r => r.Problem.ProblemSet.CourseId == courseId && r.ResolvedAt == null)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(PageSize)
            .Select(r => new ReportItem(r.Id, r.ProblemId, r.Problem.Title, r.Problem.ProblemSet.Title, r.UserId, r.User.DisplayName,
                r.VariantSeed, r.ProblemVersion, r.Message, r.CreatedAt))
            .ToListAsync(ct);
        return View(new ReviewQueue(courseId, title, items, total, page, pageCount) { Reports = reports });
    }

    // A TA has dealt with a student's report: it leaves the queue (kept, with who and when).
    [HttpPost("/review/problems/{id:int}/reports/resolve"), ForCourse(CourseLevel.Staff, CourseResource.Problem)]
    public async Task<IActionResult> ResolveReport(int id, [FromForm] long? reportId, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var report = reportId is { } rid ? await db.ProblemReports.Include(r => r.Problem).ThenInclude(p => p.ProblemSet)
            .SingleOrDefaultAsync(r => r.Id == rid && r.ProblemId == id, ct) : null;
        if (report is null) return BadRequest("No such report on this problem.");
        if (report.ResolvedAt is null)
        {
            report.ResolvedAt = clock.GetUtcNow();
            report.ResolvedByUserId = UserId;
            await db.SaveChangesAsync(ct);
        }
        return Redirect($"/review/courses/{report.Problem.ProblemSet.CourseId}/queue");
    }
}
