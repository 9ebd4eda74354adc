using System.Net;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Reports;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Reports;

[Collection(WebCollection.Name)]
public sealed class ProblemStatisticsTests(WebHostFixture host)
{
    // From GradebookTests' scenario, by hand:
    //   p1: Alice 2 attempts (1), Bob 2 (0.5), Carol 1 (0) -> 5 attempts, [1, 2, 0, 0, 0], mean 50 %, median 50 %,
    //       correct at attempt 1: Bob, Carol = 2/3; time to first correct: Alice 23 h, Bob 0, Carol 0 -> median 0.
    //   p2: Alice 1 (0.75), Bob 1 (overridden 0.6), Carol 1 queued (0) -> mean 45 %, median 60 %, first correct 1/3.
    //   p2 is the weakest (45 % < 50 %).
    [Fact]
    public async Task SetProblems_ShowsHandWorkedNumbersAndTheWeakestProblem()
    {
        var s = await GradebookTests.ScenarioAsync(host);
        var html = WebUtility.HtmlDecode(await (await host.SignedInClientAsync(s.Ta)).GetStringAsync($"/reports/sets/{s.SetId}/problems"));
        var p1 = Section(html, "p1");
        var p2 = Section(html, "p2");

        Assert.Contains("data-stat=\"attempts\">5<", p1, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"distribution\">1 · 2 · 0 · 0 · 0<", p1, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"mean\">50 %<", p1, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"median\">50 %<", p1, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"first-correct\">66.7 %<", p1, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"time-to-correct\">0 min<", p1, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"mean\">45 %<", p2, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"median\">60 %<", p2, StringComparison.Ordinal);
        Assert.Contains("data-stat=\"first-correct\">33.3 %<", p2, StringComparison.Ordinal);
        Assert.Contains("data-weakest=\"true\"", p2, StringComparison.Ordinal);
        Assert.Contains("data-weakest=\"false\"", p1, StringComparison.Ordinal);
        // Per-problem histogram: p1 scores 100, 50, 0.
        Assert.Contains("data-bucket=\"90\" data-count=\"1\"", p1, StringComparison.Ordinal);
        Assert.Contains("data-bucket=\"50\" data-count=\"1\"", p1, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongAnswers_AreGroupedByEquivalenceWithCountAndDiagnosis()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, null, 0, ("d", 1));
        var ta = await course.StaffAsync();
        var now = DateTimeOffset.UtcNow;
        (string Answer, string? Diagnosis)[] wrong =
        [
            ("cos(x^2)", "missing_chain_factor"), ("cos(x^2)", "missing_chain_factor"), ("cos(x**2)", "missing_chain_factor"),
            ("-2x cos(x^2)", "sign"), ("-2*x*cos(x^2)", "sign"), ("x^2", null),
        ];
        foreach (var (answer, diagnosis) in wrong)
            await course.SubmissionAsync(p[0], await course.StudentAsync("W"), 1, now, 0, answer, Verdict.Incorrect, diagnosis: diagnosis);

        var html = WebUtility.HtmlDecode(await (await host.SignedInClientAsync(ta)).GetStringAsync($"/reports/sets/{setId}/problems"));

        var three = Row(html, "3");
        Assert.Contains("<code class=\"small text-break\">cos(x^2)</code>", three, StringComparison.Ordinal);
        Assert.Contains("also cos(x**2)", three, StringComparison.Ordinal);
        Assert.Contains("<td>missing_chain_factor</td>", three, StringComparison.Ordinal);
        // Rendered as mathematics (KaTeX reads the LaTeX in div.math) and linked to who gave it.
        Assert.Contains("<div class=\"math group-math\">", three, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(three, "href=\"/review/problems/"));
        var two = Row(html, "2");
        Assert.Contains("<code class=\"small text-break\">-2*x*cos(x^2)</code>", two, StringComparison.Ordinal);
        Assert.Contains("also -2x cos(x^2)", two, StringComparison.Ordinal);
        Assert.Contains("<code class=\"small text-break\">x^2</code>", Row(html, "1"), StringComparison.Ordinal);
    }

    // The figures are SQL aggregates over the whole set (ProblemStatistics.CountsAsync); here they
    // are counted again in C# from every submission row and ProblemScore row, as the page counted
    // them before: failed submissions are no attempts (an overridden failed one still prices a
    // score, but its student did not attempt), queued ones are, 5+ attempts share a band, a
    // right answer at a later attempt gives a time, a right first attempt counts, and the scores
    // are the counting ones (late, hint, override) with 0 for nothing counting.
    [Fact]
    public async Task Counts_FromSql_EqualTheSameFiguresCountedInCSharp()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var due = DateTimeOffset.UtcNow.AddDays(-3);
        var (setId, p) = await course.SetAsync(1, due, 0.1, ("a", 1), ("b", 2), ("c", 3));
        var ta = await course.StaffAsync();
        var random = new Random(12);
        TestUser? last = null;
        var statuses = new[] { SubmissionStatus.Graded, SubmissionStatus.Graded, SubmissionStatus.Graded, SubmissionStatus.Failed, SubmissionStatus.Queued };
        for (var k = 0; k < 9; k++)
        {
            var student = await course.StudentAsync("S" + k);
            last = student;
            foreach (var problem in p.Take(k == 8 ? 1 : 3))
            {
                if (random.Next(5) == 0) await course.HintRevealAsync(problem, student, due.AddDays(-1), 0.25);
                var attempts = k == 8 ? 1 : random.Next(0, 8);
                for (var a = 1; a <= attempts; a++)
                {
                    var score = new[] { 0, 0.5, 1 }[random.Next(3)];
                    // The last student's only answer failed, then was overridden.
                    var status = k == 8 ? SubmissionStatus.Failed : statuses[random.Next(statuses.Length)];
                    // Some graded answers the grader could not check: stored, but no attempt used.
                    Verdict? verdict = status == SubmissionStatus.Graded && random.Next(6) == 0 ? Verdict.Invalid : null;
                    var id = await course.SubmissionAsync(problem, student, a, due.AddHours((a * 13) - 30), verdict is null ? score : 0,
                        verdict: verdict, status: status);
                    if (k == 8 || random.Next(10) == 0) await course.OverrideAsync(id, ta.Id, 0.7, due);
                }
            }
        }

        var (counts, rows, scores) = await host.WithDbAsync(async db =>
        {
            var c = await ProblemStatistics.CountsAsync(db, p, default);
            var s = await db.Submissions.AsNoTracking().Where(x => p.Contains(x.ProblemId)).ToListAsync();
            var r = await db.ProblemScores.AsNoTracking().Where(x => p.Contains(x.ProblemId)).ToDictionaryAsync(x => (x.UserId, x.ProblemId), x => x.Score);
            return (c, s, r);
        });
        Assert.Contains(rows, s => s.Status == SubmissionStatus.Failed);
        Assert.Contains(rows, s => s.Status == SubmissionStatus.Queued);
        Assert.Contains(rows, s => s.Verdict == Verdict.Invalid);
        var usesAttempt = Attempts.UsesAttempt.Compile();
        foreach (var problem in p)
        {
            var mine = rows.Where(s => s.ProblemId == problem).ToList();
            // What uses an attempt is the submit's own rule, not a copy of it.
            var attempted = mine.Where(usesAttempt).GroupBy(s => s.UserId).ToList();
            var distribution = new int[5];
            foreach (var g in attempted) distribution[Math.Min(g.Count(), 5) - 1]++;
            var expectedScores = attempted.Select(g => scores.GetValueOrDefault((g.Key, problem))).Order().ToList();
            var times = mine.GroupBy(s => s.UserId)
                .Where(g => g.Any(s => s.AttemptNumber == 1) && g.Any(s => s.Verdict == Verdict.Correct))
                .Select(g => g.Where(s => s.Verdict == Verdict.Correct).Min(s => s.SubmittedAt) - g.Single(s => s.AttemptNumber == 1).SubmittedAt)
                .Order().ToList();
            var actual = counts[problem];
            Assert.Equal(attempted.Count, actual.Students);
            Assert.Equal(attempted.Sum(g => g.Count()), actual.Attempts);
            Assert.Equal(distribution, actual.Distribution);
            Assert.Equal(expectedScores, actual.Scores);
            Assert.Equal(mine.Count(s => s.AttemptNumber == 1 && s.Verdict == Verdict.Correct), actual.FirstCorrect);
            Assert.Equal(times, actual.TimesToFirstCorrect);
        }
        // Not vacuous: some problem has a 5+ band, a late or hinted score, a zero and a time.
        Assert.Contains(p, id => counts[id].Distribution[4] > 0);
        Assert.Contains(p, id => counts[id].Scores.Any(x => x is > 0 and < 1 and not 0.5));
        Assert.Contains(p, id => counts[id].Scores.Contains(0));
        Assert.Contains(p, id => counts[id].TimesToFirstCorrect.Count > 0);
        // The failed-then-overridden answer prices a score, but its student attempted nothing.
        Assert.Equal(0.7, scores[(last!.Id, p[0])]);
        Assert.DoesNotContain(rows, s => s.UserId == last.Id && s.Status != SubmissionStatus.Failed);
    }

    private static string Row(string html, string count)
    {
        var start = html.IndexOf($"<tr data-count=\"{count}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no group of {count}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static string Section(string html, string key)
    {
        var start = html.IndexOf($"data-problem-key=\"{key}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {key}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
