using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

// Reports are for the staff of the course they are about: the global TA/Instructor role lets a
// user reach the report pages at all, the enrolment says which course's (a TA of one course is
// not staff of another). Callers answer 404 when this fails, so ids of other courses leak nothing.
public static class CourseAccess
{
    public static Task<bool> IsStaffAsync(GraderHubDbContext db, string userId, int courseId, CancellationToken ct) =>
        db.Enrollments.AnyAsync(e => e.CourseId == courseId && e.UserId == userId
            && (e.Role == CourseRole.TA || e.Role == CourseRole.Instructor), ct);

    public static Task<int?> CourseOfSetAsync(GraderHubDbContext db, int setId, CancellationToken ct) =>
        db.ProblemSets.Where(s => s.Id == setId).Select(s => (int?)s.CourseId).SingleOrDefaultAsync(ct);

    public static Task<int?> CourseOfProblemAsync(GraderHubDbContext db, int problemId, CancellationToken ct) =>
        db.Problems.Where(p => p.Id == problemId).Select(p => (int?)p.ProblemSet.CourseId).SingleOrDefaultAsync(ct);
}
