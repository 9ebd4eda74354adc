using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

// A column of a gradebook: a whole set (course gradebook) or one slot of a set (set gradebook:
// a problem, or a pool whose members each student drew one of). Slot: Pools.SlotOf, so a pool
// counts once in Possible.
public sealed record GradeColumn(int Id, string Key, string Title, IReadOnlyList<(int ProblemId, string Key, int Points, string Slot)> Problems)
{
    public int Possible => Pools.Possible(Problems, p => p.Slot, p => p.Points);
    // A pool's column of the set gradebook: the set's and the pool's keys, to show each student's draw.
    public (string SetKey, string PoolKey)? Pool { get; init; }
}

// A cell: points earned, and the price of each counting submission that was lowered or
// overridden (its problem's key), so the page can mark late, hinted and overridden scores.
// Drawn: in a pool's column, the member the student drew.
public sealed record GradeCell(double Points, IReadOnlyList<(string ProblemKey, ScoreParts Parts)> Marked)
{
    public (int ProblemId, string Key)? Drawn { get; init; }
}

public sealed record GradeRow(string UserId, string Name, string Email, IReadOnlyList<GradeCell> Cells)
{
    public IReadOnlyList<double> Points { get; } = Cells.Select(c => c.Points).ToList();
    public double Total => Points.Sum();
}

// Every student's row (the CSV export): points per column, no marks.
public sealed record GradeTable(int CourseId, string Title, IReadOnlyList<GradeColumn> Columns, IReadOnlyList<GradeRow> Rows)
{
    public int Possible => Columns.Sum(c => c.Possible);
}

// What the gradebook page asks for: students whose name or e-mail contains Filter, ordered by
// name, a column ("c0", "c1", ...) or the total, one page.
public sealed record GradebookQuery(string? Filter, string? Sort, bool Descending, int Page);

// Students' scores as ScorePolicy prices them (late and hint factors, an override wins); a
// problem's score is its best submission's. So credit given to one wrong attempt never lowers a
// later right one, and a TA lowering a grade overrides the best attempt (the review page shows
// which it is). The prices come from the ProblemScore rows (Scoring/ProblemScores: ScorePolicy's
// output, kept by every change that moves a price); they are aggregated, filtered, sorted and
// paged in SQL: a page of a course of 2,000 students x 60 problems reads its 120,000 rows (not
// its 600,000 submissions) and returns 50 rows.
public static class Gradebook
{
    public static async Task<GradeTableView?> CoursePageAsync(GraderHubDbContext db, int courseId, GradebookQuery query, CancellationToken ct) =>
        await CourseScopeAsync(db, courseId, ct) is { } scope ? await PageAsync(db, scope, query, ct) : null;

    public static async Task<GradeTableView?> SetPageAsync(GraderHubDbContext db, int setId, GradebookQuery query, CancellationToken ct) =>
        await SetScopeAsync(db, setId, ct) is { } scope ? await PageAsync(db, scope, query, ct) : null;

    public static async Task<GradeTable?> ForCourseAsync(GraderHubDbContext db, int courseId, CancellationToken ct) =>
        await CourseScopeAsync(db, courseId, ct) is { } scope ? await TableAsync(db, scope, ct) : null;

    public static async Task<GradeTable?> ForSetAsync(GraderHubDbContext db, int setId, CancellationToken ct) =>
        await SetScopeAsync(db, setId, ct) is { } scope ? await TableAsync(db, scope, ct) : null;

    private sealed record SetInfo(int Id, int CourseId, string Key, string Title, IReadOnlyList<ProblemInfo> ProblemInfo)
    {
        public IReadOnlyList<(int ProblemId, string Key, int Points, string Slot)> Problems =>
            ProblemInfo.Select(p => (p.Id, p.Key, p.Points, Pools.SlotOf(p.Key, p.PoolKey))).ToList();

        // The set gradebook's columns: one per slot, a pool's members together under its key.
        public IReadOnlyList<GradeColumn> SlotColumns() => Problems.GroupBy(p => p.Slot).Select(g =>
        {
            var first = ProblemInfo.First(p => p.Id == g.First().ProblemId);
            return first.PoolKey is { } pool
                ? new GradeColumn(first.Id, pool, first.PoolTitle ?? pool, g.ToList()) { Pool = (Key, pool) }
                : new GradeColumn(first.Id, first.Key, first.Title, g.ToList());
        }).ToList();
    }

    private sealed record ProblemInfo(int Id, string Key, string Title, int Points, string? PoolKey, string? PoolTitle);

    // A gradebook's students, sets and columns: a column per set (course) or per problem (set),
    // named by the set's or the problem's id.
    private sealed record Scope(int CourseId, string Title, IReadOnlyList<SetInfo> Sets, IReadOnlyList<GradeColumn> Columns, bool ColumnPerProblem);

    private static async Task<Scope?> CourseScopeAsync(GraderHubDbContext db, int courseId, CancellationToken ct)
    {
        var title = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleOrDefaultAsync(ct);
        if (title is null) return null;
        var sets = await SetsAsync(db, db.ProblemSets.Where(s => s.CourseId == courseId), ct);
        return new Scope(courseId, title, sets, sets.Select(s => new GradeColumn(s.Id, s.Key, s.Title, s.Problems)).ToList(), ColumnPerProblem: false);
    }

    private static async Task<Scope?> SetScopeAsync(GraderHubDbContext db, int setId, CancellationToken ct)
    {
        var sets = await SetsAsync(db, db.ProblemSets.Where(s => s.Id == setId), ct);
        if (sets.Count == 0) return null;
        var set = sets[0];
        return new Scope(set.CourseId, set.Title, sets,
            set.SlotColumns(), ColumnPerProblem: true);
    }

    private static async Task<List<SetInfo>> SetsAsync(GraderHubDbContext db, IQueryable<ProblemSet> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .OrderBy(s => s.Week).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.CourseId, s.Key, s.Title,
                Problems = s.Problems.OrderBy(p => p.Position)
                    .Select(p => new ProblemInfo(p.Id, p.Key, p.Title, p.Points, p.PoolKey, p.PoolTitle)).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(s => new SetInfo(s.Id, s.CourseId, s.Key, s.Title, s.Problems)).ToList();
    }

    private sealed class Student
    {
        public required string UserId { get; init; }
        public required string Name { get; init; }
        public required string Email { get; init; }
    }

    private sealed class Ranked
    {
        public required string UserId { get; init; }
        public required string Name { get; init; }
        public required string Email { get; init; }
        public double Key { get; init; }
    }

    private sealed class ColumnPoints
    {
        public required string UserId { get; init; }
        public int Column { get; init; }
        public double Points { get; init; }
    }

    private static IQueryable<Student> Students(GraderHubDbContext db, int courseId) =>
        db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == courseId && e.Role == CourseRole.Student)
            .Select(e => new Student { UserId = e.UserId, Name = e.User.DisplayName, Email = e.User.Email ?? "" });

    // Case-insensitive in SQL on every provider (lower() on both sides).
    private static IQueryable<Student> Matching(IQueryable<Student> students, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return students;
        var f = filter.Trim().ToLowerInvariant();
        return students.Where(s => s.Name.ToLower().Contains(f) || s.Email.ToLower().Contains(f));
    }

    // Each counting score (its ProblemScore row, as ScorePolicy priced it with the student's own
    // deadline) times its problem's points, with the problem's column: a course's 120,000 rows
    // instead of its 600,000 submissions priced.
    private static IQueryable<ColumnPoints> WeightedScores(GraderHubDbContext db, Scope scope, IReadOnlyCollection<int>? problemIds)
    {
        var ids = problemIds ?? scope.Sets.SelectMany(s => s.ProblemInfo.Select(p => p.Id)).ToList();
        var perProblem = scope.ColumnPerProblem;
        return db.ProblemScores.AsNoTracking().Where(r => ids.Contains(r.ProblemId) && r.Score > 0)
            .Join(db.Problems, b => b.ProblemId, p => p.Id,
            (b, p) => new ColumnPoints { UserId = b.UserId, Column = perProblem ? p.Id : p.ProblemSetId, Points = b.Score * p.Points });
    }

    // Points per student and column.
    private static IQueryable<ColumnPoints> PointsPerColumn(GraderHubDbContext db, Scope scope) =>
        WeightedScores(db, scope, null)
            .GroupBy(x => new { x.UserId, x.Column })
            .Select(g => new ColumnPoints { UserId = g.Key.UserId, Column = g.Key.Column, Points = g.Sum(x => x.Points) });

    // Each student's points on some problems (all: the total), 0 for nothing counting.
    private static IQueryable<Ranked> PointsPerStudent(GraderHubDbContext db, Scope scope, IQueryable<Student> students, IReadOnlyCollection<int>? problemIds)
    {
        var points = WeightedScores(db, scope, problemIds).GroupBy(x => x.UserId).Select(g => new { UserId = g.Key, Points = g.Sum(x => x.Points) });
        return from s in students
               join t in points on s.UserId equals t.UserId into ts
               from t in ts.DefaultIfEmpty()
               select new Ranked { UserId = s.UserId, Name = s.Name, Email = s.Email, Key = (double?)t.Points ?? 0 };
    }

    private static async Task<GradeTableView> PageAsync(GraderHubDbContext db, Scope scope, GradebookQuery query, CancellationToken ct)
    {
        var all = Students(db, scope.CourseId);
        var students = await all.CountAsync(ct);
        var matching = Matching(all, query.Filter);
        var count = string.IsNullOrWhiteSpace(query.Filter) ? students : await matching.CountAsync(ct);
        var pageCount = Math.Max(1, (count + GradeTableView.PageSize - 1) / GradeTableView.PageSize);
        var number = Math.Clamp(query.Page, 1, pageCount);

        var sort = string.IsNullOrEmpty(query.Sort) ? "name" : query.Sort;
        var column = GradeTableView.ColumnOfSort(sort, scope.Columns.Count);
        // Ties by name (then e-mail), so the order is stable from page to page.
        IQueryable<Ranked> ranked = sort == "total" || column >= 0
            ? PointsPerStudent(db, scope, matching, column >= 0 ? scope.Columns[column].Problems.Select(p => p.ProblemId).ToList() : null)
            : matching.Select(s => new Ranked { UserId = s.UserId, Name = s.Name, Email = s.Email, Key = 0 });
        if (sort != "total" && column < 0) sort = "name";
        var ordered = sort == "name"
            ? (query.Descending ? ranked.OrderByDescending(r => r.Name.ToLower()) : ranked.OrderBy(r => r.Name.ToLower()))
            : (query.Descending ? ranked.OrderByDescending(r => r.Key) : ranked.OrderBy(r => r.Key)).ThenBy(r => r.Name.ToLower());
        var page = await ordered.ThenBy(r => r.Email)
            .Skip((number - 1) * GradeTableView.PageSize).Take(GradeTableView.PageSize)
            .Select(r => new Student { UserId = r.UserId, Name = r.Name, Email = r.Email })
            .ToListAsync(ct);

        var totals = await PointsPerStudent(db, scope, all, null).Select(r => r.Key).ToListAsync(ct);
        var possible = scope.Columns.Sum(c => c.Possible);
        var histogram = Histogram.OfPercents(totals.Select(t => possible == 0 ? 0 : 100 * t / possible));
        return new GradeTableView(scope.CourseId, scope.Title, scope.Columns, await RowsWithMarksAsync(db, scope, page, ct),
            query.Filter, sort, query.Descending, number, pageCount, count, students, histogram);
    }

    // The page's students' counting prices (their ProblemScore rows), for the marks on their cells.
    private static async Task<List<GradeRow>> RowsWithMarksAsync(GraderHubDbContext db, Scope scope, List<Student> page, CancellationToken ct)
    {
        var ids = page.Select(s => s.UserId).ToList();
        var problemIds = scope.Sets.SelectMany(s => s.ProblemInfo.Select(p => p.Id)).ToList();
        var counting = (await db.ProblemScores.AsNoTracking().Where(r => ids.Contains(r.UserId) && problemIds.Contains(r.ProblemId)).ToListAsync(ct))
            .ToDictionary(r => (r.UserId, r.ProblemId), ProblemScores.PartsOf);
        return page.Select(s => new GradeRow(s.UserId, s.Name, s.Email,
            scope.Columns.Select(c => Cell(c, s.UserId, p => counting.GetValueOrDefault((s.UserId, p)))).ToList())).ToList();
    }

    private static async Task<GradeTable> TableAsync(GraderHubDbContext db, Scope scope, CancellationToken ct)
    {
        var points = (await PointsPerColumn(db, scope).ToListAsync(ct)).ToDictionary(x => (x.UserId, x.Column), x => x.Points);
        var students = await Students(db, scope.CourseId).ToListAsync(ct);
        var rows = students.Select(s => new GradeRow(s.UserId, s.Name, s.Email,
                scope.Columns.Select(c => new GradeCell(ColumnPointsOf(scope, c, s.UserId, points), [])).ToList()))
            .ToList();
        return new GradeTable(scope.CourseId, scope.Title, scope.Columns, rows);
    }

    // A set column's points are its own; a slot column's are its members' (a student answers only
    // the member they drew, so at most one of them has points).
    private static double ColumnPointsOf(Scope scope, GradeColumn column, string userId, Dictionary<(string, int), double> points) =>
        scope.ColumnPerProblem
            ? column.Problems.Sum(p => points.GetValueOrDefault((userId, p.ProblemId)))
            : points.GetValueOrDefault((userId, column.Id));

    private static GradeCell Cell(GradeColumn column, string userId, Func<int, ScoreParts?> counting)
    {
        var parts = column.Problems.Select(p => (p.Key, p.Points, Parts: counting(p.ProblemId))).ToList();
        var drawn = column.Pool is { } pool ? Pools.Drawn(userId, pool.SetKey, pool.PoolKey, column.Problems.Select(p => p.Key)) : null;
        return new GradeCell(parts.Sum(p => (p.Parts?.Score ?? 0) * p.Points),
            parts.Where(p => p.Parts is { } x && (x.IsLate || x.IsHinted || x.IsOverridden)).Select(p => (p.Key, p.Parts!)).ToList())
        {
            Drawn = drawn is null ? null : column.Problems.Where(p => p.Key == drawn).Select(p => (p.ProblemId, p.Key)).First(),
        };
    }
}
