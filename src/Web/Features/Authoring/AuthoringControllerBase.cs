using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Authoring;

// Authoring is for the instructors of the course that owns the set: each action says so with
// [ForCourse(CourseLevel.Instructor, ...)] (Features/Access); a TA of the course gets 403, an
// instructor of another course 404, and neither changes anything.
public abstract class AuthoringControllerBase(GraderHubDbContext db, TimeProvider clock) : Controller
{
    protected GraderHubDbContext Db => db;
    protected DateTimeOffset Now => clock.GetUtcNow();

    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

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
