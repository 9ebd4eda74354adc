using System.Net;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;

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
