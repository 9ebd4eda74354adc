using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// One problem of every kind in the course, answered through the keyboard as a student would:
// malformed (the preview says where, submitting costs no attempt), wrong, then right, watching
// the preview and the grade arrive without a reload.
public sealed class StudentKindsTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    // The page previews through POST /api/problems/{id}/preview, the student's own variant: a
    // vector, matrix, point set or list of iterates previews as what it is.
    [Theory]
    [InlineData("derivative")]
    [InlineData("partial_derivative")]
    [InlineData("gradient")]
    [InlineData("jacobian")]
    [InlineData("hessian")]
    [InlineData("taylor")]
    [InlineData("linearisation")]
    [InlineData("backprop")]
    [InlineData("newton")]
    [InlineData("newton_system")]
    [InlineData("gradient_descent")]
    [InlineData("lagrange")]
    [InlineData("stationary_points")]
    [InlineData("value")]
    [InlineData("linear_fit")]
    [InlineData("nonlinear_fit")]
    public async Task Student_AnswersAProblemOfEachKind_MalformedWrongRight(string kind)
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        // Week 1 is past its deadline in Development; another week keeps the score un-penalised.
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Kind == kind && p.ProblemSet.IsPublished)
            .OrderBy(p => p.ProblemSet.Week == 1).ThenBy(p => p.ProblemSet.Week).ThenBy(p => p.Position));
        await Screenshots.RunAsync(site, output, $"kind-{kind}", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync($"[data-set-key='{answers.SetKey}']");
            await page.ClickAsync($"[data-problem-key='{answers.ProblemKey}']");
            await Assertions.Expect(page.Locator("#statement")).Not.ToBeEmptyAsync();
            var box = page.Locator("#answer");
            var preview = page.Locator("#preview");

            await box.PressSequentiallyAsync(answers.Malformed);
            await Assertions.Expect(preview).ToHaveAttributeAsync("data-state", "error");
            await Assertions.Expect(preview).ToContainTextAsync("column");
            await box.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#submit-error")).ToContainTextAsync("did not use an attempt");
            await Assertions.Expect(page.Locator("#no-attempts")).ToBeVisibleAsync();

            await Screenshots.TypeOverAsync(box, answers.Wrong);
            await Assertions.Expect(preview).ToHaveAttributeAsync("data-state", "ok");
            await Assertions.Expect(preview.Locator(".katex").First).ToBeVisibleAsync();
            await box.PressAsync("Enter");
            var first = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 30_000 });
            await Assertions.Expect(first).Not.ToHaveAttributeAsync("data-verdict", "correct");
            await Assertions.Expect(first.Locator(".attempt-result")).Not.ToContainTextAsync("Correct");
            await Assertions.Expect(first.Locator(".attempt-answer")).ToHaveTextAsync(answers.Wrong);

            await Screenshots.TypeOverAsync(box, answers.Right);
            await Assertions.Expect(preview).ToHaveAttributeAsync("data-state", "ok");
            await box.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#attempts li.attempt")).ToHaveCountAsync(2);
            var latest = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(latest).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
            await Assertions.Expect(latest.Locator(".attempt-result")).ToContainTextAsync("Correct");
            await Screenshots.TakeAsync(page, $"kind-{kind}");

            // Back on the set page the problem is solved.
            await page.ClickAsync(".breadcrumb a[href^='/sets/']");
            await Assertions.Expect(page.Locator($"[data-problem-key='{answers.ProblemKey}']")).ToContainTextAsync("Solved");
        });
    }

    // A kind added to the course without a row above fails here.
    [Fact]
    public async Task EveryKindInTheCourse_IsAnsweredAbove()
    {
        var rows = typeof(StudentKindsTests).GetMethod(nameof(Student_AnswersAProblemOfEachKind_MalformedWrongRight))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).Order().ToList();
        var kinds = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSet.IsPublished).Select(p => p.Kind).Distinct().ToListAsync());
        Assert.Equal(kinds.Order().ToList(), rows);
    }
}
