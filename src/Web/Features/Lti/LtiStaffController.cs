using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Lti;

public sealed record GradesView(int CourseId, IReadOnlyList<ReconciliationRow> Rows, string? Notice);

public sealed record RosterView(int CourseId, IReadOnlyList<RosterMember> Members, string? Notice, IReadOnlyList<string> Errors);

// Staff of a course: what the LMS holds against GraderHub's scores (resend a difference), and the
// LMS roster (import, who never launched).
public sealed class LtiStaffController(Reconciliation reconciliation, ScoreOutbox outbox, RosterImport roster, GraderHubDbContext db) : Controller
{
    [HttpGet("/lti/courses/{courseId:int}/grades")]
    [ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> Grades(int courseId, string? notice, CancellationToken ct) =>
        View("Grades", new GradesView(courseId, await reconciliation.ForCourseAsync(courseId, ct), notice));

    [HttpPost("/lti/courses/{courseId:int}/grades/resend")]
    [ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> Resend(int courseId, string? userId, int? setId, CancellationToken ct)
    {
        // Only the course's own students and sets (the form could name anything).
        var rows = (await reconciliation.ForCourseAsync(courseId, ct))
            .Where(r => (userId is null || r.UserId == userId) && (setId is null || r.SetId == setId) && (userId is not null || !r.Agrees))
            .Select(r => (r.UserId, r.SetId)).Distinct().ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await outbox.RecordAsync(rows, force: true, ct);
        await tx.CommitAsync(ct);
        outbox.Send(ids);
        return Redirect($"/lti/courses/{courseId}/grades?notice={Uri.EscapeDataString($"{ids.Count} score(s) queued to send.")}");
    }

    [HttpGet("/lti/courses/{courseId:int}/roster")]
    [ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> Roster(int courseId, string? notice, CancellationToken ct) =>
        View("Roster", new RosterView(courseId, await roster.MembersAsync(courseId, ct), notice, []));

    [HttpPost("/lti/courses/{courseId:int}/roster")]
    [ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> Import(int courseId, CancellationToken ct)
    {
        var (imported, errors) = await roster.ImportAsync(courseId, ct);
        return View("Roster", new RosterView(courseId, await roster.MembersAsync(courseId, ct), $"{imported} member(s) imported from the LMS.", errors));
    }

    internal string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
