using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Authoring;

// Authoring is for the instructors of the course that owns the set: the enrolment decides, not
// the global role (a TA, or an instructor of another course, gets 403 and changes nothing).
public abstract class AuthoringControllerBase(GraderHubDbContext db, TimeProvider clock) : Controller
{
    protected GraderHubDbContext Db => db;
    protected DateTimeOffset Now => clock.GetUtcNow();

    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    protected Task<bool> IsInstructorAsync(int courseId, CancellationToken ct) =>
        db.Enrollments.AnyAsync(e => e.UserId == UserId && e.CourseId == courseId && e.Role == CourseRole.Instructor, ct);

    // The course of a set, or null when there is no such set.
    protected Task<int?> CourseOfSetAsync(int setId, CancellationToken ct) =>
        db.ProblemSets.Where(s => s.Id == setId).Select(s => (int?)s.CourseId).SingleOrDefaultAsync(ct);

    // 404 for a missing set, 403 for anyone but its course's instructors, null to go ahead.
    protected async Task<IActionResult?> DenyUnlessInstructorOfSetAsync(int setId, CancellationToken ct)
    {
        var course = await CourseOfSetAsync(setId, ct);
        if (course is null) return NotFound();
        return await IsInstructorAsync(course.Value, ct) ? null : Forbidden();
    }

    protected IActionResult Forbidden()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Forbidden");
    }

    protected void Audit(string action, string entityType, object entityId, string? details = null) =>
        db.AuditLog.Add(new AuditLogEntry
        {
            At = clock.GetUtcNow(),
            UserId = UserId,
            Action = action,
            EntityType = entityType,
            EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Details = details,
        });
}
