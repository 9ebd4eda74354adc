using System.Globalization;
using GraderHub.Data.Entities;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// Feedback that teaches, as a student reads it on the problem page: a gradient typed with its
// components in each other's place is named as that slip, and a wrong Newton step is named in
// words, without the value it should have had.
public sealed class FeedbackBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Student_SubmitsASwappedGradient_SeesTheDiagnosis()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        // A gradient of expressions (no 'at'), in a week past week 1 so nothing is penalised.
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Kind == "gradient" && p.ProblemSet.IsPublished && !p.SpecYaml.Contains("\nat:"))
            .OrderBy(p => p.ProblemSet.Week == 1).ThenBy(p => p.ProblemSet.Week).ThenBy(p => p.Position));
        var components = TopLevelItems(answers.Right);
        Assert.True(components.Count >= 2, answers.Right);
        var swapped = "(" + string.Join(", ", [components[1], components[0], .. components.Skip(2)]) + ")";
        await Screenshots.RunAsync(site, output, "feedback-swapped-gradient", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync($"[data-set-key='{answers.SetKey}']");
            await page.ClickAsync($"[data-problem-key='{answers.ProblemKey}']");
            var box = page.Locator("#answer");
            await box.PressSequentiallyAsync(swapped);
            await Assertions.Expect(page.Locator("#preview")).ToHaveAttributeAsync("data-state", "ok");
            await box.PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 30_000 });
            await Assertions.Expect(attempt.Locator(".attempt-feedback")).ToContainTextAsync("Components 1 and 2 are in each other's place");
            await Assertions.Expect(attempt).Not.ToHaveAttributeAsync("data-verdict", "correct");
            await Screenshots.TakeAsync(page, "feedback-swapped-gradient");
        });
    }

    [Fact]
    public async Task Student_SubmitsAWrongNewtonStep_SeesWordsNotTheValue()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Kind == "newton" && p.ProblemSet.IsPublished && p.SpecYaml.Contains("steps:"))
            .OrderBy(p => p.ProblemSet.Week).ThenBy(p => p.Position));
        var iterates = TopLevelItems(answers.Right).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        Assert.True(iterates.Count >= 2, answers.Right);
        // x2 off by a slip the tolerance does not forgive; the other iterates as the method gives them.
        var slipped = iterates[1] + 0.05;
        var typed = string.Join(", ", iterates.Select((x, k) => (k == 1 ? slipped : x).ToString("G6", CultureInfo.InvariantCulture)));
        var expected = iterates[1].ToString("G5", CultureInfo.InvariantCulture);
        await Screenshots.RunAsync(site, output, "feedback-newton-words", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync($"[data-set-key='{answers.SetKey}']");
            await page.ClickAsync($"[data-problem-key='{answers.ProblemKey}']");
            // The statement says how precise the numbers must be, in words made from the tolerance.
            await Assertions.Expect(page.Locator("#statement")).ToContainTextAsync("significant figures");
            var box = page.Locator("#answer");
            await box.PressSequentiallyAsync(typed);
            await Assertions.Expect(page.Locator("#preview")).ToHaveAttributeAsync("data-state", "ok");
            await box.PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 30_000 });
            var feedback = attempt.Locator(".attempt-feedback");
            await Assertions.Expect(feedback).ToContainTextAsync("Step 2 does not follow from your step 1");
            await Assertions.Expect(feedback).ToContainTextAsync("one Newton step from there does not give");
            await Assertions.Expect(feedback).Not.ToContainTextAsync(expected);
            await Screenshots.TakeAsync(page, "feedback-newton-words");
        });
    }

    // "(a, f(b, c))" -> ["a", "f(b, c)"]; "1, 2, 3" -> ["1", "2", "3"].
    private static List<string> TopLevelItems(string text)
    {
        var inner = text.Trim();
        if (inner.StartsWith('(') && inner.EndsWith(')'))
            inner = inner[1..^1];
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            depth += inner[i] is '(' or '[' ? 1 : inner[i] is ')' or ']' ? -1 : 0;
            if (inner[i] == ',' && depth == 0)
            {
                items.Add(inner[start..i].Trim());
                start = i + 1;
            }
        }
        items.Add(inner[start..].Trim());
        return items;
    }
}
