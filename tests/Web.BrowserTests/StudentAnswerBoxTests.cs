using GraderHub.Data.Entities;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// The answer box belongs to the problem's kind: the gradient problem's box says "∇f =", its live
// preview reads the answer through the student's own variant (a column vector; a wrong length is
// an error with its column, before anything is submitted), and the reference typed in is correct.
public sealed class StudentAnswerBoxTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Student_AnswersGradient_PreviewShowsAColumnVector_AndAWrongLengthIsRefused()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Key == "gradient" && p.ProblemSet.Key == "week-2"));
        await Screenshots.RunAsync(site, output, "answer-box-gradient", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync($"[data-set-key='{answers.SetKey}']");
            await page.ClickAsync($"[data-problem-key='{answers.ProblemKey}']");
            await Assertions.Expect(page.Locator("#answer-prefix")).ToHaveTextAsync("∇f =");
            var box = page.Locator("#answer");
            var preview = page.Locator("#preview");

            await box.PressSequentiallyAsync("(1, 2, 3)");
            await Assertions.Expect(preview).ToHaveAttributeAsync("data-state", "error");
            await Assertions.Expect(preview).ToContainTextAsync("Expected a vector with 2 components");
            await box.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#submit-error")).ToContainTextAsync("did not use an attempt");
            await Screenshots.TakeAsync(page, "gradient-preview-wrong-length");

            await Screenshots.TypeOverAsync(box, answers.Right);
            await Assertions.Expect(preview.Locator(".katex .mtable")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "gradient-preview-column");
            await box.PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
        });
    }
}
