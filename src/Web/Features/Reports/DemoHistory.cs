using System.Globalization;
using System.Text.RegularExpressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Submissions;
using Microsoft.EntityFrameworkCore;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Web.Features.Reports;

// Development only: the demo students get a deterministic history on week 1 (right first time,
// wrong then right, late, given up, not tried) so a TA opening the site sees full reports.
// Answers come from the spec's own self-tests with the student's parameters found by trying
// each value, and every one is graded by the real engine, exactly as the grading job would.
public static partial class DemoHistory
{
    // Hours from the deadline per attempt, and which answer: 'c' correct, '0'/'1' the spec's wrong answers.
    private static readonly (double Hours, char Answer)[][] Patterns =
    [
        [(-50, 'c')],
        [(-30, '0'), (-29, 'c')],
        [(-20, '0'), (-19, '1'), (20, 'c')],
        [(-10, '0')],
        [(30, 'c')],
        [],
    ];

    public static async Task EnsureAsync(GraderHubDbContext db, TimeProvider clock, IReadOnlyList<string> studentIds)
    {
        if (studentIds.Count == 0 || await db.Submissions.AnyAsync(s => studentIds.Contains(s.UserId))) return;
        var set = await db.ProblemSets.Include(s => s.Problems).SingleOrDefaultAsync(s => s.Key == "week-1");
        if (set is null) return;
        if (set.DueAt is null)
        {
            // A deadline two days ago, so the history has late attempts the late policy applies to.
            set.DueAt = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-2).AddHours(23);
            set.LatePenaltyPerDay = 0.1;
        }
        var due = set.DueAt.Value;
        foreach (var (problem, p) in set.Problems.OrderBy(x => x.Position).Select((x, i) => (x, i)))
        {
            if (ProblemReader.Read(problem.SpecYaml, problem.Key) is not { Problem: { } def, Errors.Count: 0 }) continue;
            var (parameters, correct, wrong) = SelfTests(problem.SpecYaml);
            if (correct is null) continue;
            foreach (var (userId, s) in studentIds.Select((u, i) => (u, i)))
            {
                var seed = VariantSeeds.For(userId, set.Key, problem.Key);
                if (FindParameters(def, seed, parameters, correct) is not { } values) continue;
                var attempt = 0;
                foreach (var (hours, which) in Patterns[(s + (2 * p)) % Patterns.Length])
                {
                    var template = which == 'c' ? correct : wrong.ElementAtOrDefault(which - '0') ?? wrong.FirstOrDefault();
                    if (template is null) continue;
                    // Odd students write the same slip in another form, so grouping by equivalence shows.
                    var answer = Substitute(template, values);
                    if (which != 'c' && s % 2 == 1) answer = "(" + answer + ")";
                    var result = ProblemGrading.Grade(def, seed, answer);
                    if (result.Verdict == GradeVerdict.Invalid) continue;
                    var at = due.AddHours(hours - p);
                    var submission = new Submission
                    {
                        ProblemId = problem.Id, UserId = userId, AnswerText = answer, VariantSeed = seed,
                        AttemptNumber = ++attempt, GradingAttempts = 1, SubmittedAt = at, GradingStartedAt = at,
                    };
                    submission.RecordGrade(result, ProblemGrading.GraderVersion, problem.Version, at.AddSeconds(1));
                    db.Submissions.Add(submission);
                }
            }
        }
        await db.SaveChangesAsync();
    }

    // Tries every combination of the spec's integer and choice parameters (a handful each).
    private static Dictionary<string, string>? FindParameters(ProblemDefinition def, int seed,
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> parameters, string correct)
    {
        IEnumerable<Dictionary<string, string>> combos = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (name, values) in parameters)
            combos = combos.SelectMany(c => values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [name] = v }));
        return combos.Take(500).FirstOrDefault(c => ProblemGrading.Grade(def, seed, Substitute(correct, c)).Verdict == GradeVerdict.Correct);
    }

    private static string Substitute(string template, IReadOnlyDictionary<string, string> values) =>
        Word().Replace(template, m => values.TryGetValue(m.Value, out var v) ? "(" + v + ")" : m.Value);

    private static (List<(string, IReadOnlyList<string>)> Parameters, string? Correct, List<string> Wrong) SelfTests(string specYaml)
    {
        var parameters = new List<(string, IReadOnlyList<string>)>();
        if (BoundedYaml.LoadRoot(specYaml, "demo history", []) is not YamlMappingNode root) return (parameters, null, []);
        if (Child(root, "parameters") is YamlMappingNode ps)
            foreach (var (key, value) in ps.Children)
            {
                if (value is not YamlMappingNode spec) continue;
                if (Child(spec, "int") is YamlSequenceNode { Children.Count: 2 } range
                    && long.TryParse(range[0].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lo)
                    && long.TryParse(range[1].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var hi) && hi - lo < 50)
                    parameters.Add((key.ToString(), [.. Enumerable.Range(0, (int)(hi - lo + 1)).Select(i => (lo + i).ToString(CultureInfo.InvariantCulture))]));
                else if (Child(spec, "decimal") is YamlSequenceNode { Children.Count: 3 } steps
                    && decimal.TryParse(steps[0].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
                    && decimal.TryParse(steps[1].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
                    && decimal.TryParse(steps[2].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var step) && step > 0)
                    parameters.Add((key.ToString(), [.. Enumerable.Range(0, (int)Math.Min(50, ((max - min) / step) + 1)).Select(i => (min + (i * step)).ToString(CultureInfo.InvariantCulture))]));
                else if (Child(spec, "choice") is YamlSequenceNode choice)
                    parameters.Add((key.ToString(), [.. choice.Children.Select(c => c.ToString())]));
            }
        var tests = Child(root, "tests") as YamlMappingNode;
        var correct = (tests is null ? null : Child(tests, "correct") as YamlSequenceNode)?.Children.FirstOrDefault()?.ToString();
        var wrong = (tests is null ? null : Child(tests, "wrong") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .Select(w => Child(w, "answer")?.ToString()).OfType<string>().ToList() ?? [];
        return (parameters, correct, wrong);
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    [GeneratedRegex("[A-Za-z_][A-Za-z_0-9]*")]
    private static partial Regex Word();
}
