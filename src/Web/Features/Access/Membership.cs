using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Access;

// How much of a course a user needs: any enrolment; teaching staff (TA or instructor); an instructor.
public enum CourseLevel { Enrolled, Staff, Instructor }

// The one reading of enrolments for authorization: roles are per course (DESIGN.md "Who may do
// what"), so "is this user staff here" and "which courses may this user see" both come from
// here, for the policies (CourseAuthorizationHandler) and for the lists pages show.
public static class Membership
{
    public static bool Grants(CourseRole role, CourseLevel level) => level switch
    {
        CourseLevel.Enrolled => true,
        CourseLevel.Staff => role is CourseRole.TA or CourseRole.Instructor,
        CourseLevel.Instructor => role == CourseRole.Instructor,
    };

    // Enrolments of a user at the level or above, as a query the caller can project or filter.
    public static IQueryable<Enrollment> EnrolmentsOf(this GraderHubDbContext db, string userId, CourseLevel level) =>
        level switch
        {
            CourseLevel.Enrolled => db.Enrollments.Where(e => e.UserId == userId),
            CourseLevel.Staff => db.Enrollments.Where(e => e.UserId == userId && (e.Role == CourseRole.TA || e.Role == CourseRole.Instructor)),
            CourseLevel.Instructor => db.Enrollments.Where(e => e.UserId == userId && e.Role == CourseRole.Instructor),
        };

    public static IQueryable<int> CourseIdsOf(this GraderHubDbContext db, string userId, CourseLevel level) =>
        db.EnrolmentsOf(userId, level).Select(e => e.CourseId);

    // The user's role in a course, or null when they are a stranger to it. Asked by every
    // request that names a course's resource, so kept between requests (ScheduleCache, valid
    // while the calendar stamp that Enrollments' triggers bump is unchanged).
    public static Task<CourseRole?> RoleInAsync(this GraderHubDbContext db, string userId, int courseId, CancellationToken ct) =>
        Schedule.ScheduleCache.RoleAsync(db, userId, courseId, () => db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => (CourseRole?)e.Role).SingleOrDefaultAsync(ct), ct);
}
