using System.Globalization;
using GraderHub.Data;
using GraderHub.Web.Features.Regrade;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Access;

// What a route value names; each belongs to exactly one course.
public enum CourseResource { Course, Set, Problem, Submission, RegradeJob }

// The course a resource belongs to and, for a submission, whose it is. ProblemId: the resource
// is a problem, which may be a pool member that a student did not draw (Problems/Pools).
public sealed record CourseTarget(int CourseId, string? OwnerId)
{
    public int? ProblemId { get; init; }
}

// Marks an action as being about one course's resource, named by a route value, and asks the
// level the caller needs in that course. The policy (CourseAuthorizationHandler) reads this
// metadata, resolves the course and checks the enrolment before the action runs; actions contain
// no checks of their own.
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ForCourseAttribute : AuthorizeAttribute
{
    public ForCourseAttribute(CourseLevel level, CourseResource resource, string routeKey = "id")
        : base(Policies.For(level))
    {
        Level = level;
        Resource = resource;
        RouteKey = routeKey;
    }

    public CourseLevel Level { get; }
    public CourseResource Resource { get; }
    public string RouteKey { get; }
}

// Only the student who made a submission reads it through the API (another student of the same
// course, and everyone else, get 404: ids reveal nothing). The route value names the submission.
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OwnSubmissionAttribute(string routeKey = "id") : AuthorizeAttribute(Policies.OwnSubmission)
{
    public string RouteKey { get; } = routeKey;
}

// From a route value to its course: one query per kind, nothing else decides where a resource lives.
public sealed class CourseResourceResolver(GraderHubDbContext db, JobStorage jobs)
{
    public Task<CourseTarget?> ResolveAsync(CourseResource resource, string? value, CancellationToken ct) => resource switch
    {
        CourseResource.Course => Int(value) is { } id
            ? db.Courses.Where(c => c.Id == id).Select(c => new CourseTarget(c.Id, null)).SingleOrDefaultAsync(ct)
            : None,
        CourseResource.Set => Int(value) is { } id
            ? db.ProblemSets.Where(s => s.Id == id).Select(s => new CourseTarget(s.CourseId, null)).SingleOrDefaultAsync(ct)
            : None,
        CourseResource.Problem => Int(value) is { } id ? ProblemAsync(id, ct) : None,
        CourseResource.Submission => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? SubmissionTarget(db, id, ct)
            : None,
        CourseResource.RegradeJob => Task.FromResult(RegradeJobCourse(value)),
    };

    // Every submit and problem page names a problem: its course comes from the kept problem row
    // (ScheduleCache), not a query of its own.
    private async Task<CourseTarget?> ProblemAsync(int id, CancellationToken ct) =>
        await Schedule.ScheduleCache.ProblemAsync(db, id, ct) is { } problem
            ? new CourseTarget(problem.ProblemSet.CourseId, null) { ProblemId = problem.Id }
            : null;

    // Every result poll names a submission; compiled once, as EF's per-call lookup cost more than the query.
    private static readonly Func<GraderHubDbContext, long, CancellationToken, Task<CourseTarget?>> SubmissionTarget = EF.CompileAsyncQuery(
        (GraderHubDbContext db, long id, CancellationToken ct) => db.Submissions.Where(s => s.Id == id)
            .Select(s => new CourseTarget(s.Problem.ProblemSet.CourseId, s.UserId)).SingleOrDefault());

    private static readonly Task<CourseTarget?> None = Task.FromResult<CourseTarget?>(null);

    private static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    // A regrade job carries the course it was started for (RegradeController.StartAsync).
    private CourseTarget? RegradeJobCourse(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId) || jobId.Length > 64) return null;
        using var connection = jobs.GetConnection();
        return Int(connection.GetJobParameter(jobId, RegradeJob.CourseParameter)) is { } id ? new CourseTarget(id, null) : null;
    }
}
