using GraderHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// Question pools: problems of a set that share a PoolKey fill one slot, and each student is
// shown one of them. The draw is seeded like variants (VariantSeeds: keys, not row ids), so it
// is the same for a student across restarts, machines and re-imports, and neighbours differ.
// The one place that says which member a student drew and which slot a problem fills; the
// course policy (CourseAuthorizationHandler) answers 404 for the other members, the lists a
// student sees keep only the drawn one, and the totals count a slot once.
public static class Pools
{
    // The slot a problem fills: its pool, or the problem alone. Prefixed so that no problem
    // key can name a pool's slot.
    public static string SlotOf(string problemKey, string? poolKey) => poolKey is null ? "problem:" + problemKey : "pool:" + poolKey;

    // The member the student drew: one of the keys, in ordinal order so the database's row
    // order never changes the draw.
    public static string Drawn(string userId, string setKey, string poolKey, IEnumerable<string> memberKeys)
    {
        var members = memberKeys.Order(StringComparer.Ordinal).ToList();
        return members[VariantSeeds.For(userId, setKey, SlotOf("", poolKey)) % members.Count];
    }

    // The problems of one set a user sees, in the given order: each unpooled problem and the
    // drawn member of each pool; staff of the course (isStaff) see every member.
    public static IReadOnlyList<T> ShownTo<T>(string userId, bool isStaff, string setKey, IReadOnlyList<T> problems,
        Func<T, string> key, Func<T, string?> pool)
    {
        if (isStaff) return problems;
        var drawn = problems.Where(p => pool(p) is not null).GroupBy(p => pool(p)!)
            .ToDictionary(g => g.Key, g => Drawn(userId, setKey, g.Key, g.Select(key)));
        return problems.Where(p => pool(p) is not { } slot || drawn[slot] == key(p)).ToList();
    }

    // Points a set is out of: each slot once (a pool's members are worth the same).
    public static int Possible<T>(IEnumerable<T> problems, Func<T, string> slot, Func<T, int> points) =>
        problems.GroupBy(slot).Sum(g => points(g.First()));

    // The same, of problems read with their keys, pools and points.
    public static int Possible(IEnumerable<(string Key, string? PoolKey, int Points)> problems) =>
        Possible(problems, p => SlotOf(p.Key, p.PoolKey), p => p.Points);

    // Whether the student may see this problem: not in a pool, or the member they drew.
    public static async Task<bool> ShowsAsync(this GraderHubDbContext db, string userId, int problemId, CancellationToken ct)
    {
        // The kept row (ScheduleCache): every submit asks this, and most problems are in no pool.
        var problem = await Schedule.ScheduleCache.ProblemAsync(db, problemId, ct);
        if (problem?.PoolKey is not { } poolKey) return problem is not null;
        var members = await db.Problems.Where(p => p.ProblemSetId == problem.ProblemSetId && p.PoolKey == poolKey)
            .Select(p => p.Key).ToListAsync(ct);
        return Drawn(userId, problem.ProblemSet.Key, poolKey, members) == problem.Key;
    }
}
