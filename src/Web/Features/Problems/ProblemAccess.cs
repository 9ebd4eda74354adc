using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Schedule;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// A problem the caller may see and answer now, with the caller's schedule of its set.
public sealed record OpenProblem(Problem Problem, EffectiveSchedule Schedule);

// Which problem sets and problems a user may see and answer: published, opened by the server's
// clock on the user's own schedule (EffectiveSchedule: an override can open a set early or
// late for one student), a timed set's problems once started, and nothing else of the course
// while the user's exam runs. One place, used by pages and API alike, so both give the same
// answer (404).
public static class ProblemAccess
{
    // The sets open to the user now, in course order, each with the user's schedule.
    public static async Task<IReadOnlyList<EffectiveSchedule>> OpenSetsAsync(this GraderHubDbContext db, string userId,
        DateTimeOffset now, CancellationToken ct)
    {
        var (sets, schedules) = await ScheduleCache.StudentSetsAsync(db, userId, ct);
        var open = sets.Where(s => s.IsPublished).Select(s => schedules[s.SetId]).Where(s => s.IsOpen(now)).ToList();
        // A running exam hides the other sets of its course.
        var examCourses = open.Where(s => s.IsExam && s.IsRunning(now)).Select(s => s.CourseId).ToHashSet();
        return open.Where(s => !examCourses.Contains(s.CourseId) || (s.IsExam && s.IsRunning(now))).ToList();
    }

    public static async Task<EffectiveSchedule?> OpenSetAsync(this GraderHubDbContext db, string userId, int setId,
        DateTimeOffset now, CancellationToken ct) =>
        (await db.OpenSetsAsync(userId, now, ct)).FirstOrDefault(s => s.SetId == setId);

    // The problem with its set (no tracking), when its statement is shown to the user now.
    public static async Task<OpenProblem?> OpenProblemAsync(this GraderHubDbContext db, string userId, int problemId,
        DateTimeOffset now, CancellationToken ct)
    {
        var problem = await ScheduleCache.ProblemAsync(db, problemId, ct);
        if (problem is null) return null;
        var schedule = await db.OpenSetAsync(userId, problem.ProblemSetId, now, ct);
        return schedule is not null && schedule.ShowsProblems(now) ? new OpenProblem(problem, schedule) : null;
    }

    public static int SeedFor(string userId, Problem problem) => SeedFor(userId, problem.ProblemSet.Key, problem.Key);

    public static int SeedFor(string userId, string setKey, string problemKey) => VariantSeeds.For(userId, setKey, problemKey);
}
