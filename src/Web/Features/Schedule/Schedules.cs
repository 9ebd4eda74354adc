using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Schedule;

// Every student's schedule of one set: the set's own (students without overrides) and the
// students whose schedule differs. Gradebooks, CSV and statistics price a whole set with it.
// Read for some students only (ForSetAsync with their ids), it holds the right schedule for them alone.
public sealed record SetSchedules(EffectiveSchedule Default, IReadOnlyDictionary<string, EffectiveSchedule> Personal)
{
    public EffectiveSchedule For(string userId) => Personal.GetValueOrDefault(userId) ?? Default;
}

// Loads what EffectiveSchedule computes from: the set, the student's (and groups') overrides,
// the groups' extra time, the timed start and the results release. Nothing else reads
// ScheduleOverride, StudentGroup, TimedStart or ResultRelease for a date.
public static class Schedules
{
    public static Task<SetCalendar?> CalendarAsync(GraderHubDbContext db, int setId, CancellationToken ct) =>
        Calendars(db.ProblemSets.Where(s => s.Id == setId)).SingleOrDefaultAsync(ct);

    public static IQueryable<SetCalendar> Calendars(IQueryable<ProblemSet> sets) => sets.AsNoTracking()
        .Select(s => new SetCalendar(s.Id, s.CourseId, s.IsPublished, s.OpensAt, s.DueAt, s.HardCloseAt, s.MaxAttempts,
            s.LatePenaltyPerDay, s.TimeLimitMinutes, s.IsExam, s.ResultsReleasedAt, s.AccessCodeHash != null, s.AllowedNetworks));

    public static async Task<EffectiveSchedule?> ForStudentAsync(GraderHubDbContext db, string userId, int setId, CancellationToken ct)
    {
        // A set of the student's own courses is kept (ScheduleCache); any other set is read.
        if ((await ScheduleCache.StudentSetsAsync(db, userId, ct)).Schedules.TryGetValue(setId, out var kept)) return kept;
        var set = await CalendarAsync(db, setId, ct);
        return set is null ? null : (await ForStudentAsync(db, userId, [set], ct))[setId];
    }

    // One student's schedules of several sets (of one or more courses) in four queries.
    public static async Task<IReadOnlyDictionary<int, EffectiveSchedule>> ForStudentAsync(GraderHubDbContext db, string userId,
        IReadOnlyList<SetCalendar> sets, CancellationToken ct)
    {
        var ids = sets.Select(s => s.SetId).ToList();
        var facts = await FactsAsync(db, ids, [userId], ct);
        return sets.ToDictionary(s => s.SetId, s => EffectiveSchedule.Of(s, facts.For(s.SetId, userId)));
    }

    public static async Task<SetSchedules?> ForSetAsync(GraderHubDbContext db, int setId, CancellationToken ct) =>
        (await ForSetsAsync(db, [setId], ct)).GetValueOrDefault(setId);

    // Only these students' schedules of one set (a batch of grades): the others' read nothing.
    public static async Task<SetSchedules?> ForSetAsync(GraderHubDbContext db, int setId, IReadOnlyCollection<string> userIds,
        CancellationToken ct) =>
        (await ForSetsAsync(db, [setId], [.. userIds], ct)).GetValueOrDefault(setId);

    // Every student's schedules of several sets in five queries (a course gradebook's sets).
    public static Task<IReadOnlyDictionary<int, SetSchedules>> ForSetsAsync(GraderHubDbContext db, IReadOnlyList<int> setIds,
        CancellationToken ct) =>
        ForSetsAsync(db, setIds, null, ct);

    // users null: every student of the sets' courses.
    private static async Task<IReadOnlyDictionary<int, SetSchedules>> ForSetsAsync(GraderHubDbContext db, IReadOnlyList<int> setIds,
        string[]? users, CancellationToken ct)
    {
        var ids = setIds.ToList();
        var sets = await Calendars(db.ProblemSets.Where(s => ids.Contains(s.Id))).ToListAsync(ct);
        var facts = await FactsAsync(db, ids, users, ct);
        return sets.ToDictionary(set => set.SetId, set => new SetSchedules(EffectiveSchedule.Of(set, StudentCalendar.None),
            facts.Users.ToDictionary(u => u, u => EffectiveSchedule.Of(set, facts.For(set.SetId, u)), StringComparer.Ordinal)));
    }

    private sealed record Facts(
        ILookup<(int SetId, string UserId), ScheduleChange> Own,
        ILookup<(int SetId, int GroupId), ScheduleChange> OfGroup,
        ILookup<string, (int GroupId, int ExtraTimePercent)> Groups,
        Dictionary<(int SetId, string UserId), (DateTimeOffset At, DateTimeOffset? FinishedAt)> Starts,
        HashSet<(int SetId, string UserId)> Releases)
    {
        // Everyone with something of their own in these sets.
        public IEnumerable<string> Users => Own.Select(g => g.Key.UserId)
            .Concat(Groups.Select(g => g.Key)).Concat(Starts.Keys.Select(k => k.UserId)).Concat(Releases.Select(r => r.UserId))
            .Distinct(StringComparer.Ordinal);

        public StudentCalendar For(int setId, string userId)
        {
            var groups = Groups[userId].ToList();
            var changes = Own[(setId, userId)].Concat(groups.SelectMany(g => OfGroup[(setId, g.GroupId)])).ToList();
            var started = Starts.TryGetValue((setId, userId), out var s) ? s : ((DateTimeOffset At, DateTimeOffset? FinishedAt)?)null;
            return new StudentCalendar(changes, groups.Select(g => g.ExtraTimePercent).DefaultIfEmpty(0).Max(),
                started?.At, Releases.Contains((setId, userId)), started?.FinishedAt);
        }
    }

    // users null: every student of the sets' courses.
    private static async Task<Facts> FactsAsync(GraderHubDbContext db, List<int> setIds, string[]? users, CancellationToken ct)
    {
        var courseIds = db.ProblemSets.Where(s => setIds.Contains(s.Id)).Select(s => s.CourseId);
        var overrideRows = db.ScheduleOverrides.AsNoTracking().Where(o => setIds.Contains(o.ProblemSetId));
        var memberRows = db.StudentGroupMembers.AsNoTracking().Where(m => courseIds.Contains(m.Group.CourseId));
        var startRows = db.TimedStarts.AsNoTracking().Where(t => setIds.Contains(t.ProblemSetId));
        var releaseRows = db.ResultReleases.AsNoTracking().Where(r => setIds.Contains(r.ProblemSetId));
        if (users is not null)
        {
            overrideRows = overrideRows.Where(o => o.UserId == null || users.Contains(o.UserId));
            memberRows = memberRows.Where(m => users.Contains(m.UserId));
            startRows = startRows.Where(t => users.Contains(t.UserId));
            releaseRows = releaseRows.Where(r => users.Contains(r.UserId));
        }
        var overrides = await overrideRows
            .Select(o => new { o.ProblemSetId, o.UserId, o.StudentGroupId, o.CreatedAt, o.OpensAt, o.DueAt, o.HardCloseAt, o.MaxAttempts, o.LatePenaltyPerDay, o.TimeLimitMinutes })
            .ToListAsync(ct);
        var groups = await memberRows
            .Select(m => new { m.UserId, m.StudentGroupId, m.Group.ExtraTimePercent })
            .ToListAsync(ct);
        var starts = await startRows
            .Select(t => new { t.ProblemSetId, t.UserId, t.StartedAt, t.FinishedAt })
            .ToListAsync(ct);
        var releases = await releaseRows
            .Select(r => new { r.ProblemSetId, r.UserId })
            .ToListAsync(ct);

        var changes = overrides.Select(o => (o.ProblemSetId, o.UserId, o.StudentGroupId,
            Change: new ScheduleChange(o.UserId != null, o.CreatedAt, o.OpensAt, o.DueAt, o.HardCloseAt, o.MaxAttempts, o.LatePenaltyPerDay, o.TimeLimitMinutes))).ToList();
        return new Facts(
            changes.Where(c => c.UserId != null).ToLookup(c => (c.ProblemSetId, c.UserId!), c => c.Change),
            changes.Where(c => c.StudentGroupId != null).ToLookup(c => (c.ProblemSetId, c.StudentGroupId!.Value), c => c.Change),
            groups.ToLookup(g => g.UserId, g => (g.StudentGroupId, g.ExtraTimePercent), StringComparer.Ordinal),
            starts.ToDictionary(t => (t.ProblemSetId, t.UserId), t => (t.StartedAt, t.FinishedAt)),
            releases.Select(r => (r.ProblemSetId, r.UserId)).ToHashSet());
    }
}
