using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

// A wrong answer and every other wrong answer the engine finds equivalent to it; Latex is the
// representative as the engine read it, Students those who gave one of the forms.
public sealed record WrongAnswerGroup(string Representative, IReadOnlyList<string> Forms, int Count, string? Diagnosis)
{
    public string? Latex { get; init; }
    public IReadOnlyList<GroupStudent> Students { get; init; } = [];
}

public sealed record GroupStudent(string UserId, string Name);

public sealed record ProblemStats(int Id, string Key, string Title, int Points, int Students, int Attempts,
    IReadOnlyList<int> AttemptsDistribution /* students with 1, 2, 3, 4, 5+ attempts */, double Mean, double Median,
    double FirstAttemptCorrectShare, TimeSpan? MedianTimeToFirstCorrect, Histogram Scores, IReadOnlyList<WrongAnswerGroup> WrongAnswers)
{
    // A pool member's: how many of the course's students drew it (Pools.Drawn); null outside a pool.
    public int? DrawnBy { get; init; }
}

// Per-problem numbers of one set. Scores are the gradebook's (the ProblemScore rows: ScorePolicy's
// late and hint factors, overrides) over the students who attempted the problem; every count is
// a SQL aggregate over the whole set, grouped by problem, so a set of 10 problems x 2,000
// students costs three queries that return a few hundred rows and one row per student who
// answered right (for the median time), instead of every submission's row, problem by problem.
public static class ProblemStatistics
{
    // Distinct wrong answers looked at for grouping: the commonest ones matter, and each one
    // costs an engine check per group found so far.
    private const int MaxDistinctWrongAnswers = 80;

    // The bands of AttemptsDistribution: 1, 2, 3, 4 and 5 or more attempts.
    private const int AttemptBands = 5;

    public static async Task<IReadOnlyList<ProblemStats>> ForSetAsync(GraderHubDbContext db, ProblemCatalog catalog, int setId, CancellationToken ct)
    {
        var set = await db.ProblemSets.AsNoTracking().Where(s => s.Id == setId)
            .Select(s => new
            {
                s.Key, s.CourseId,
                Problems = s.Problems.OrderBy(p => p.Position).Select(p => new { p.Id, p.Key, p.Title, p.Points, p.SpecYaml, p.Version, p.PoolKey }).ToList(),
            })
            .SingleAsync(ct);
        var ids = set.Problems.Select(p => p.Id).ToList();
        var counts = await CountsAsync(db, ids, ct);
        var drawn = new Dictionary<(string Pool, string Member), int>();
        if (set.Problems.Any(p => p.PoolKey is not null))
        {
            var students = await db.Enrollments.AsNoTracking().Where(e => e.CourseId == set.CourseId && e.Role == CourseRole.Student)
                .Select(e => e.UserId).ToListAsync(ct);
            foreach (var pool in set.Problems.Where(p => p.PoolKey is not null).GroupBy(p => p.PoolKey!))
                foreach (var student in students)
                {
                    var member = (pool.Key, Pools.Drawn(student, set.Key, pool.Key, pool.Select(p => p.Key)));
                    drawn[member] = drawn.GetValueOrDefault(member) + 1;
                }
        }
        var result = new List<ProblemStats>();
        foreach (var p in set.Problems)
        {
            var c = counts.GetValueOrDefault(p.Id, ProblemCounts.None);
            result.Add(new ProblemStats(p.Id, p.Key, p.Title, p.Points, c.Students, c.Attempts, c.Distribution,
                c.Students == 0 ? 0 : c.Scores.Average(), Median(c.Scores),
                c.Students == 0 ? 0 : (double)c.FirstCorrect / c.Students,
                c.TimesToFirstCorrect.Count == 0 ? null : c.TimesToFirstCorrect[c.TimesToFirstCorrect.Count / 2],
                Histogram.OfPercents(c.Scores.Select(x => 100 * x)),
                await WrongAnswersAsync(db, p.Id, catalog.Get(p.Id, p.Version, p.Key, p.SpecYaml), ct))
            {
                DrawnBy = p.PoolKey is { } pool ? drawn.GetValueOrDefault((pool, p.Key)) : null,
            });
        }
        return result;
    }

    // One problem's figures: Scores ascending, one per student who attempted it (0 when nothing
    // counts); times from the first attempt to the first right answer, ascending.
    public sealed record ProblemCounts(int Students, int Attempts, IReadOnlyList<int> Distribution, IReadOnlyList<double> Scores,
        int FirstCorrect, IReadOnlyList<TimeSpan> TimesToFirstCorrect)
    {
        public static readonly ProblemCounts None = new(0, 0, new int[AttemptBands], [], 0, []);
    }

    // The figures of these problems, by problem id. An attempt is what uses one of the set's
    // attempts (Attempts.UsesAttempt, the rule the submit and the student's pages apply: not an
    // answer the grader could not check, nor one whose grading failed); a problem's students are
    // those with an attempt. Read from IX_Submissions_Pricing, which holds every column these
    // read, and the ProblemScore rows' IX_ProblemScores_Problem.
    public static async Task<Dictionary<int, ProblemCounts>> CountsAsync(GraderHubDbContext db, IReadOnlyCollection<int> problemIds, CancellationToken ct)
    {
        var ids = problemIds.ToList();
        var submissions = db.Submissions.AsNoTracking().Where(s => ids.Contains(s.ProblemId));
        // Students per problem and band of attempt counts (5: five or more), with their attempts.
        var attempts = submissions.Where(Attempts.UsesAttempt);
        var bands = await attempts
            .GroupBy(s => new { s.ProblemId, s.UserId })
            .Select(g => new { g.Key.ProblemId, Attempts = g.Count() })
            .GroupBy(x => new { x.ProblemId, Band = x.Attempts < AttemptBands ? x.Attempts : AttemptBands })
            .Select(g => new { g.Key.ProblemId, g.Key.Band, Students = g.Count(), Attempts = g.Sum(x => x.Attempts) })
            .ToListAsync(ct);
        // How many attempting students each counting score has (a score of 0 counts as none).
        var scores = await db.ProblemScores.AsNoTracking()
            .Where(r => ids.Contains(r.ProblemId) && r.Score > 0
                && attempts.Any(s => s.ProblemId == r.ProblemId && s.UserId == r.UserId))
            .GroupBy(r => new { r.ProblemId, r.Score })
            .Select(g => new { g.Key.ProblemId, g.Key.Score, Students = g.Count() })
            .ToListAsync(ct);
        // Per student who answered right: when they first answered and first answered right, and
        // whether the first answer was right. The difference is taken here: SQLite stores the
        // dates as numbers it cannot subtract.
        var right = await submissions.Where(s => s.AttemptNumber == 1 || s.Verdict == Verdict.Correct)
            .GroupBy(s => new { s.ProblemId, s.UserId })
            .Select(g => new
            {
                g.Key.ProblemId,
                FirstAt = g.Where(s => s.AttemptNumber == 1).Min(s => (DateTimeOffset?)s.SubmittedAt),
                RightAt = g.Where(s => s.Verdict == Verdict.Correct).Min(s => (DateTimeOffset?)s.SubmittedAt),
                RightFirst = g.Count(s => s.AttemptNumber == 1 && s.Verdict == Verdict.Correct),
            })
            .Where(x => x.RightAt != null)
            .ToListAsync(ct);

        var bandsOf = bands.ToLookup(b => b.ProblemId);
        var scoresOf = scores.ToLookup(s => s.ProblemId);
        var rightOf = right.ToLookup(r => r.ProblemId);
        return ids.Distinct().ToDictionary(id => id, id =>
        {
            var distribution = new int[AttemptBands];
            foreach (var b in bandsOf[id]) distribution[b.Band - 1] = b.Students;
            var students = distribution.Sum();
            var counted = scoresOf[id].OrderBy(s => s.Score).ToList();
            var zeros = students - counted.Sum(s => s.Students);
            var sorted = Enumerable.Repeat(0.0, zeros).Concat(counted.SelectMany(s => Enumerable.Repeat(s.Score, s.Students))).ToList();
            var times = rightOf[id].Where(r => r.FirstAt is not null).Select(r => r.RightAt!.Value - r.FirstAt!.Value).Order().ToList();
            return new ProblemCounts(students, bandsOf[id].Sum(b => b.Attempts), distribution, sorted, rightOf[id].Sum(r => r.RightFirst), times);
        });
    }

    public static double Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? 0
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    // The names an answer to the problem may use, for deciding equivalence between wrong answers.
    public static IReadOnlyList<string> AnswerVariables(ProblemDefinition? problem) => problem?.Variant(0).Render().Variables ?? ["x"];

    public static async Task<IReadOnlyList<WrongAnswerGroup>> WrongAnswersAsync(GraderHubDbContext db, int problemId,
        ProblemDefinition? definition, CancellationToken ct)
    {
        var distinct = await db.Submissions.AsNoTracking()
            .Where(s => s.ProblemId == problemId && s.Status == SubmissionStatus.Graded && s.Verdict == Verdict.Incorrect)
            .GroupBy(s => new { s.AnswerText, s.Diagnosis })
            .Select(g => new { g.Key.AnswerText, g.Key.Diagnosis, Count = g.Count() })
            .OrderByDescending(x => x.Count).ThenBy(x => x.AnswerText)
            .Take(MaxDistinctWrongAnswers)
            .ToListAsync(ct);
        var variables = AnswerVariables(definition);
        // Greedy grouping against each group's commonest form: equivalence is decided by the
        // engine, so `2*x*cos(x^2)` and `2x cos(x^2)` land together.
        var groups = new List<(string Rep, List<string> Forms, int Count, Dictionary<string, int> Diagnoses)>();
        foreach (var answer in distinct)
        {
            var group = groups.FindIndex(g => g.Rep == answer.AnswerText
                || EquivalenceChecker.Check(g.Rep, answer.AnswerText, variables).Verdict == EquivalenceVerdict.Equivalent);
            if (group < 0)
            {
                groups.Add((answer.AnswerText, [answer.AnswerText], 0, new Dictionary<string, int>(StringComparer.Ordinal)));
                group = groups.Count - 1;
            }
            var g = groups[group];
            if (!g.Forms.Contains(answer.AnswerText)) g.Forms.Add(answer.AnswerText);
            if (answer.Diagnosis is { } d) g.Diagnoses[d] = g.Diagnoses.GetValueOrDefault(d) + answer.Count;
            groups[group] = g with { Count = g.Count + answer.Count };
        }
        var forms = groups.SelectMany(g => g.Forms).ToList();
        var givenBy = (await db.Submissions.AsNoTracking()
                .Where(s => s.ProblemId == problemId && s.Status == SubmissionStatus.Graded && s.Verdict == Verdict.Incorrect
                    && forms.Contains(s.AnswerText))
                .Select(s => new { s.AnswerText, s.UserId, s.User.DisplayName })
                .Distinct()
                .ToListAsync(ct))
            .ToLookup(x => x.AnswerText, x => new GroupStudent(x.UserId, x.DisplayName), StringComparer.Ordinal);
        return groups.OrderByDescending(g => g.Count).ThenBy(g => g.Rep, StringComparer.Ordinal)
            .Select(g => new WrongAnswerGroup(g.Rep, g.Forms, g.Count,
                g.Diagnoses.OrderByDescending(d => d.Value).Select(d => d.Key).FirstOrDefault())
            {
                Latex = VariantMath.AnswerLatex(definition, 0, g.Rep),
                Students = g.Forms.SelectMany(f => givenBy[f]).Distinct().OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            })
            .ToList();
    }
}
