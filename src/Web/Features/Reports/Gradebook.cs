using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

// A column of a gradebook: a whole set (course gradebook) or one problem (set gradebook).
public sealed record GradeColumn(int Id, string Key, string Title, IReadOnlyList<(int ProblemId, string Key, int Points)> Problems)
{
    public int Possible => Problems.Sum(p => p.Points);
}

// A cell: points earned, and the price of each counting submission that was lowered or
// overridden (its problem's key), so the page can mark late, hinted and overridden scores.
public sealed record GradeCell(double Points, IReadOnlyList<(string ProblemKey, ScoreParts Parts)> Marked);

public sealed record GradeRow(string UserId, string Name, string Email, IReadOnlyList<GradeCell> Cells)
{
    public IReadOnlyList<double> Points { get; } = Cells.Select(c => c.Points).ToList();
    public double Total => Points.Sum();
}

public sealed record GradeTable(int CourseId, string Title, IReadOnlyList<GradeColumn> Columns, IReadOnlyList<GradeRow> Rows)
{
    public int Possible => Columns.Sum(c => c.Possible);
}

// Students' scores as ScorePolicy prices them (late and hint factors, an override wins); a
// problem's score is its best submission's. So credit given to one wrong attempt never lowers a
// later right one, and a TA lowering a grade overrides the best attempt (the review page shows
// which it is). Priced and aggregated in SQL per (student, problem): one query per set, never a
// row per submission.
public static class Gradebook
{
    public static async Task<GradeTable?> ForCourseAsync(GraderHubDbContext db, int courseId, CancellationToken ct)
    {
        var title = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleOrDefaultAsync(ct);
        if (title is null) return null;
        var sets = await SetsAsync(db, db.ProblemSets.Where(s => s.CourseId == courseId), ct);
        var columns = sets.Select(s => new GradeColumn(s.Id, s.Key, s.Title, s.Problems)).ToList();
        return await BuildAsync(db, courseId, title, sets, columns, ct);
    }

    public static async Task<GradeTable?> ForSetAsync(GraderHubDbContext db, int setId, CancellationToken ct)
    {
        var sets = await SetsAsync(db, db.ProblemSets.Where(s => s.Id == setId), ct);
        if (sets.Count == 0) return null;
        var set = sets[0];
        var columns = set.ProblemInfo.Select(p => new GradeColumn(p.Id, p.Key, p.Title, [(p.Id, p.Key, p.Points)])).ToList();
        return await BuildAsync(db, set.CourseId, set.Title, sets, columns, ct);
    }

    // The counting submission's price per (student, problem) of one set, each student's late
    // factor by their own schedule (extensions, group overrides: Features/Schedule).
    public static async Task<Dictionary<(string UserId, int ProblemId), ScoreParts>> ProblemScoresAsync(GraderHubDbContext db,
        int setId, CancellationToken ct)
    {
        if (await Schedules.ForSetAsync(db, setId, ct) is not { } schedules) return [];
        var best = await ScorePolicy.BestPerStudentAndProblem(ScorePolicy.PricedInSet(db, setId, schedules)).ToListAsync(ct);
        return best.ToDictionary(b => (b.UserId, b.ProblemId), b => b.Parts);
    }

    private sealed record SetInfo(int Id, int CourseId, string Key, string Title, IReadOnlyList<ProblemInfo> ProblemInfo)
    {
        public IReadOnlyList<(int ProblemId, string Key, int Points)> Problems => ProblemInfo.Select(p => (p.Id, p.Key, p.Points)).ToList();
    }

    private sealed record ProblemInfo(int Id, string Key, string Title, int Points);

    private static async Task<List<SetInfo>> SetsAsync(GraderHubDbContext db, IQueryable<ProblemSet> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .OrderBy(s => s.Week).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.CourseId, s.Key, s.Title,
                Problems = s.Problems.OrderBy(p => p.Position)
                    .Select(p => new ProblemInfo(p.Id, p.Key, p.Title, p.Points)).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(s => new SetInfo(s.Id, s.CourseId, s.Key, s.Title, s.Problems)).ToList();
    }

    private static async Task<GradeTable> BuildAsync(GraderHubDbContext db, int courseId, string title,
        List<SetInfo> sets, List<GradeColumn> columns, CancellationToken ct)
    {
        var scores = new Dictionary<(string UserId, int ProblemId), ScoreParts>();
        foreach (var set in sets)
            foreach (var (key, value) in await ProblemScoresAsync(db, set.Id, ct))
                scores[key] = value;

        var students = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == courseId && e.Role == CourseRole.Student)
            .Select(e => new { e.UserId, e.User.DisplayName, e.User.Email })
            .ToListAsync(ct);
        var rows = students.Select(s => new GradeRow(s.UserId, s.DisplayName, s.Email ?? "",
                columns.Select(c => Cell(c, p => scores.GetValueOrDefault((s.UserId, p)))).ToList()))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Email, StringComparer.Ordinal)
            .ToList();
        return new GradeTable(courseId, title, columns, rows);
    }

    private static GradeCell Cell(GradeColumn column, Func<int, ScoreParts?> counting)
    {
        var parts = column.Problems.Select(p => (p.Key, p.Points, Parts: counting(p.ProblemId))).ToList();
        return new GradeCell(parts.Sum(p => (p.Parts?.Score ?? 0) * p.Points),
            parts.Where(p => p.Parts is { } x && (x.IsLate || x.IsHinted || x.IsOverridden)).Select(p => (p.Key, p.Parts!)).ToList());
    }
}
