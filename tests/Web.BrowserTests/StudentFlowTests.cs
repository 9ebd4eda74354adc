using GraderHub.Grading.Answers;
using GraderHub.Data;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

[Collection(SiteCollection.Name)]
public sealed class StudentFlowTests(SiteFixture site, ITestOutputHelper output)
{
    private const string Student = "student3@demo.local";

    [Fact]
    public async Task Student_SubmitsDerivative_SeesPreviewAndGradeWithoutReload()
    {
        var answer = await CorrectChainRuleAnswerAsync();
        await Screenshots.RunAsync(site, output, nameof(Student_SubmitsDerivative_SeesPreviewAndGradeWithoutReload), async page =>
        {
            await page.GotoAsync("/");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
            await Screenshots.TakeAsync(page, "login");
            await page.FillAsync("#Email", Student);
            await page.FillAsync("#Password", "GraderHub-demo-1");
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your problem sets");
            await Screenshots.TakeAsync(page, "dashboard");

            await page.ClickAsync("[data-set-key='week-1']");
            await Screenshots.TakeAsync(page, "problem-set");
            await page.ClickAsync("[data-problem-key='chain-rule']");
            // The statement's math is rendered by KaTeX served from the site.
            await Assertions.Expect(page.Locator("#statement .katex").First).ToBeVisibleAsync();

            // A malformed answer: the preview says where, before anything is submitted.
            await page.FillAsync("#answer", "2x cos(x^2");
            await Assertions.Expect(page.Locator("#preview[data-state='error']")).ToContainTextAsync("column");
            await Screenshots.TakeAsync(page, "problem-preview-error");

            await page.FillAsync("#answer", answer);
            await Assertions.Expect(page.Locator("#preview[data-state='ok'] .katex")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "problem-preview");

            await page.ClickAsync("#submit-answer");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 15_000 });
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-verdict", "correct");
            await Assertions.Expect(attempt.Locator(".attempt-result")).ToContainTextAsync("Correct");
            await Screenshots.TakeAsync(page, "problem-graded");

            // A wrong answer is graded as such, with feedback.
            await page.FillAsync("#answer", "cos(x^2)");
            await page.ClickAsync("#submit-answer");
            var latest = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(latest).ToHaveAttributeAsync("data-verdict", "incorrect", new() { Timeout = 15_000 });
            await Assertions.Expect(latest.Locator(".attempt-feedback")).Not.ToBeEmptyAsync();
            await Screenshots.TakeAsync(page, "problem-wrong");
        });
    }

    // A structured answer: the gradient problem's box says "∇f =", the live preview reads the answer
    // through the student's variant (a column vector; a wrong length is an error with its column,
    // before anything is submitted), and the reference typed in is graded correct.
    [Fact]
    public async Task Student_AnswersGradient_PreviewShowsAColumnVector_AndAWrongLengthIsRefused()
    {
        const string student = "student4@demo.local";
        var userId = await site.UserIdAsync(student);
        var problem = await site.WithDbAsync(db => db.Problems.Include(p => p.ProblemSet)
            .SingleAsync(p => p.Key == "gradient" && p.ProblemSet.Key == "week-2"));
        var reference = ProblemReader.Read(problem.SpecYaml, "gradient").Problem!
            .Variant(VariantSeeds.For(userId, "week-2", "gradient")).ReferenceText!;
        await Screenshots.RunAsync(site, output, nameof(Student_AnswersGradient_PreviewShowsAColumnVector_AndAWrongLengthIsRefused), async page =>
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#Email", student);
            await page.FillAsync("#Password", "GraderHub-demo-1");
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your problem sets");
            await page.ClickAsync("[data-set-key='week-2']");
            await page.ClickAsync("[data-problem-key='gradient']");
            await Assertions.Expect(page.Locator("#answer-prefix")).ToHaveTextAsync("∇f =");

            await page.FillAsync("#answer", "(1, 2, 3)");
            await Assertions.Expect(page.Locator("#preview[data-state='error']")).ToContainTextAsync("Expected a vector with 2 components");
            await Screenshots.TakeAsync(page, "gradient-preview-wrong-length");

            await page.FillAsync("#answer", reference);
            await Assertions.Expect(page.Locator("#preview[data-state='ok'] .katex .mtable")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "gradient-preview-column");

            await page.ClickAsync("#submit-answer");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 15_000 });
            await Screenshots.TakeAsync(page, "gradient-graded");
        });
    }

    // The chain-rule problem is sin(a x^2) with a per-student `a` in 2..7; the engine itself says
    // which one this student got, so the test does not depend on how the statement is printed.
    private async Task<string> CorrectChainRuleAnswerAsync()
    {
        var userId = await site.UserIdAsync(Student);
        var spec = await site.WithDbAsync(db => db.Problems.Where(p => p.Key == "chain-rule" && p.ProblemSet.Key == "week-1")
            .Select(p => p.SpecYaml).SingleAsync());
        var problem = ProblemReader.Read(spec, "chain-rule").Problem!;
        var seed = VariantSeeds.For(userId, "week-1", "chain-rule");
        for (var a = 2; a <= 7; a++)
        {
            var candidate = $"{2 * a} x cos({a} x^2)";
            if (problem.Variant(seed).Grade(candidate).Verdict == GradeVerdict.Correct) return candidate;
        }
        throw new InvalidOperationException("no a in 2..7 makes the chain-rule answer correct: did the seed change?");
    }
}
