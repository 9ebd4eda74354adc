using System.Collections.Concurrent;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Schedule;

// A student's calendars of every set of their courses, the problems they open and each user's
// role in a course, kept between requests: the submit, the grading and the result poll each asked
// for them again, with queries of their own each time (issue 12). What is kept is valid while
// CalendarStamp.Version is what it was when it was read; database triggers bump it on every
// change to what a calendar or a role is computed from, so one one-row query per use tells
// whether the copy is current, whichever node or hand made the change.
// The dates themselves are never kept beside the clock: a deadline is still compared with now
// on every use (EffectiveSchedule), so a deadline a second away is enforced exactly.
public static class ScheduleCache
{
    public const int MaxEntriesPerDatabase = 10_000;

    public sealed record StudentSets(IReadOnlyList<SetCalendar> Sets, IReadOnlyDictionary<int, EffectiveSchedule> Schedules);

    private sealed record Stamped<T>(long Stamp, T Value);

    private sealed class OfDatabase
    {
        public readonly ConcurrentDictionary<string, Stamped<StudentSets>> Students = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<int, Stamped<Problem?>> Problems = new();
        public readonly ConcurrentDictionary<(string UserId, int CourseId), Stamped<CourseRole?>> Roles = new();
    }

    // Per database (its connection string): test hosts and tools in one process use several.
    private static readonly ConcurrentDictionary<string, OfDatabase> Databases = new(StringComparer.Ordinal);

    private static readonly Func<GraderHubDbContext, Task<long>> ReadStamp = EF.CompileAsyncQuery((GraderHubDbContext db) =>
        db.CalendarStamps.Where(c => c.Id == CalendarStamp.TheRow).Select(c => c.Version).Single());

    // Every set of the student's courses, published or not, in course order, with their schedules.
    public static Task<StudentSets> StudentSetsAsync(GraderHubDbContext db, string userId, CancellationToken ct) =>
        GetAsync(db, d => d.Students, userId, async () =>
        {
            var sets = await Schedules.Calendars(db.ProblemSets
                    .Where(s => db.CourseIdsOf(userId, CourseLevel.Enrolled).Contains(s.CourseId))
                    .OrderBy(s => s.Week).ThenBy(s => s.Id))
                .ToListAsync(ct);
            return new StudentSets(sets, await Schedules.ForStudentAsync(db, userId, sets, ct));
        }, ct);

    // The problem with its set (no tracking; shared between callers, so never changed by them).
    public static Task<Problem?> ProblemAsync(GraderHubDbContext db, int problemId, CancellationToken ct) =>
        GetAsync(db, d => d.Problems, problemId,
            () => db.Problems.Include(p => p.ProblemSet).AsNoTracking().SingleOrDefaultAsync(p => p.Id == problemId, ct), ct);

    // The user's role in the course (null: a stranger to it). Enrollments bump the stamp, so an
    // enrolment dropped or changed is seen by the very next request, on every node.
    public static Task<CourseRole?> RoleAsync(GraderHubDbContext db, string userId, int courseId, Func<Task<CourseRole?>> load,
        CancellationToken ct) =>
        GetAsync(db, d => d.Roles, (userId, courseId), load, ct);

    private static async Task<T> GetAsync<TKey, T>(GraderHubDbContext db, Func<OfDatabase, ConcurrentDictionary<TKey, Stamped<T>>> which,
        TKey key, Func<Task<T>> load, CancellationToken ct) where TKey : notnull
    {
        // Inside a transaction the stamp may count changes that are then rolled back: a copy
        // read there could later match a committed stamp it does not belong to.
        if (db.Database.CurrentTransaction is not null) return await load();
        ct.ThrowIfCancellationRequested();
        // The stamp first: what is loaded after it is at least as new as it says. One read per
        // connection hold (HeldConnection): a handler's cached reads share it.
        if (db.StampOfHold() is not { } stamp)
        {
            stamp = await ReadStamp(db);
            db.RememberStampForHold(stamp);
        }
        var entries = which(Databases.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new OfDatabase()));
        if (entries.TryGetValue(key, out var kept) && kept.Stamp == stamp) return kept.Value;
        var value = await load();
        if (entries.Count >= MaxEntriesPerDatabase) entries.Clear();
        entries[key] = new Stamped<T>(stamp, value);
        return value;
    }
}
