using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
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
    double FirstAttemptCorrectShare, TimeSpan? MedianTimeToFirstCorrect, Histogram Scores, IReadOnlyList<WrongAnswerGroup> WrongAnswers);

// Per-problem numbers of one set. Scores are the gradebook's (ScorePolicy: late and hint factors, overrides)
// over the students who attempted the problem; counts come from SQL aggregates.
public static class ProblemStatistics
{
    // Distinct wrong answers looked at for grouping: the commonest ones matter, and each one
    // costs an engine check per group found so far.
    private const int MaxDistinctWrongAnswers = 80;

    public static async Task<IReadOnlyList<ProblemStats>> ForSetAsync(GraderHubDbContext db, ProblemCatalog catalog, int setId, CancellationToken ct)
    {
        var set = await db.ProblemSets.AsNoTracking().Where(s => s.Id == setId)
            .Select(s => new
            {
                Problems = s.Problems.OrderBy(p => p.Position).Select(p => new { p.Id, p.Key, p.Title, p.Points, p.SpecYaml, p.Version }).ToList(),
            })
            .SingleAsync(ct);
        var scores = await Gradebook.ProblemScoresAsync(db, setId, ct);
        var result = new List<ProblemStats>();
        foreach (var p in set.Problems)
        {
            var perStudent = await db.Submissions.AsNoTracking()
                .Where(s => s.ProblemId == p.Id && s.Status != SubmissionStatus.Failed)
                .GroupBy(s => s.UserId)
                .Select(g => new { UserId = g.Key, Attempts = g.Count() })
                .ToListAsync(ct);
            // Only the first attempt and correct ones are needed for the timing: narrow rows.
            var marks = await db.Submissions.AsNoTracking()
                .Where(s => s.ProblemId == p.Id && (s.AttemptNumber == 1 || s.Verdict == Verdict.Correct))
                .Select(s => new { s.UserId, s.AttemptNumber, s.SubmittedAt, Correct = s.Verdict == Verdict.Correct })
                .ToListAsync(ct);
            var students = perStudent.Count;
            var problemScores = perStudent.Select(s => scores.GetValueOrDefault((s.UserId, p.Id))).OrderBy(x => x).ToList();
            var firstCorrect = marks.Count(m => m.AttemptNumber == 1 && m.Correct);
            var times = marks.GroupBy(m => m.UserId)
                .Where(g => g.Any(m => m.AttemptNumber == 1) && g.Any(m => m.Correct))
                .Select(g => g.Where(m => m.Correct).Min(m => m.SubmittedAt) - g.Single(m => m.AttemptNumber == 1).SubmittedAt)
                .OrderBy(t => t).ToList();
            var distribution = new int[5];
            foreach (var s in perStudent) distribution[Math.Min(s.Attempts, 5) - 1]++;
            result.Add(new ProblemStats(p.Id, p.Key, p.Title, p.Points, students, perStudent.Sum(s => s.Attempts), distribution,
                students == 0 ? 0 : problemScores.Average(), Median(problemScores),
                students == 0 ? 0 : (double)firstCorrect / students,
                times.Count == 0 ? null : times[times.Count / 2],
                Histogram.OfPercents(problemScores.Select(x => 100 * x)),
                await WrongAnswersAsync(db, p.Id, catalog.Get(p.Id, p.Version, p.Key, p.SpecYaml), ct)));
        }
        return result;
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
