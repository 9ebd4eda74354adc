using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record RosterMember(string Name, CourseRole Role, DateTimeOffset? LastLaunchAt, string LmsCourse);

// NRPS 2.0: the LMS course's members become GraderHub users (matched by issuer and sub, as a
// launch does) enrolled with their LMS role; an inactive member keeps their account and history.
public sealed class RosterImport(GraderHubDbContext db, PlatformClient platforms, LaunchHandler handler, TimeProvider clock)
{
    public async Task<(int Imported, IReadOnlyList<string> Errors)> ImportAsync(int courseId, CancellationToken ct)
    {
        var contexts = await db.LtiContextLinks.Include(c => c.Platform).Where(c => c.CourseId == courseId).ToListAsync(ct);
        var errors = new List<string>();
        var imported = 0;
        if (contexts.Count == 0) errors.Add("No LMS course is linked to this course yet: launch GraderHub from the LMS once.");
        foreach (var context in contexts)
        {
            if (context.MembershipsUrl is null)
            {
                errors.Add($"{context.Title}: the LMS sent no membership service (enable Names and Roles for the tool).");
                continue;
            }
            IReadOnlyList<LmsMember> members;
            try { members = await platforms.MembersAsync(context.Platform, context.MembershipsUrl, ct); }
            catch (LtiServiceException ex)
            {
                errors.Add($"{context.Title}: {ex.Message}");
                continue;
            }
            var now = clock.GetUtcNow();
            foreach (var m in members.Where(m => m.Status == "Active"))
            {
                if (LtiRoles.ToCourseRole(m.Roles) is not { } role) continue;
                var user = await handler.UserAsync(context.Platform, m.UserId, m.Name, m.Email, now, launched: false, ct);
                await handler.EnrolAsync(courseId, user.Id, role, now, ct);
                await db.SaveChangesAsync(ct);
                imported++;
            }
        }
        return (imported, errors);
    }

    public Task<List<RosterMember>> MembersAsync(int courseId, CancellationToken ct) =>
        (from l in db.LtiUserLinks.AsNoTracking()
         join c in db.LtiContextLinks on l.PlatformId equals c.PlatformId
         join e in db.Enrollments on new { l.UserId, c.CourseId } equals new { e.UserId, e.CourseId }
         where c.CourseId == courseId
         orderby l.User.DisplayName
         select new RosterMember(l.User.DisplayName, e.Role, l.LastLaunchAt, c.Title)).ToListAsync(ct);
}
