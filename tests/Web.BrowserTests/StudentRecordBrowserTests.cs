using System.Globalization;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// A student's evening (issue 13): the box keeps the answer and the history reads as mathematics;
// every score says how it came about; solutions appear when the set's policy says so; the grades
// page and its CSV; next and previous; practice that is graded but not counted; a report that
// reaches the TA's queue; the syntax guide; the optional math editor.
public sealed class StudentRecordBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Student_StructuredProblem_KeepsTheAnswer_ShowsTheHistoryAsMath_AndLinksTheSyntaxGuide()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Key == "gradient" && p.ProblemSet.Key == "week-2"));
        await Screenshots.RunAsync(site, output, nameof(Student_StructuredProblem_KeepsTheAnswer_ShowsTheHistoryAsMath_AndLinksTheSyntaxGuide), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync($"[data-set-key='{answers.SetKey}']");
            await page.ClickAsync($"[data-problem-key='{answers.ProblemKey}']");
            var box = page.Locator("#answer");
            await box.PressSequentiallyAsync(answers.Wrong);
            await box.PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            // (A slip in one component is partly correct.)
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 30_000 });
            await Assertions.Expect(attempt).Not.ToHaveAttributeAsync("data-verdict", "correct");
            // The answer is still in the box, and the attempt reads as a column vector.
            await Assertions.Expect(box).ToHaveValueAsync(answers.Wrong);
            await Assertions.Expect(attempt.Locator(".attempt-math .katex .mtable")).ToBeVisibleAsync();
            await Assertions.Expect(attempt.Locator(".score-parts")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^grader \\d+(\\.\\d)?%$"));

            // A refused answer stays too, with the reason beside it.
            await Screenshots.TypeOverAsync(box, answers.Malformed);
            await box.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#submit-error")).ToContainTextAsync("did not use an attempt");
            await Assertions.Expect(page.Locator("#answer")).ToHaveValueAsync(answers.Malformed);
            await Screenshots.TypeOverAsync(page.Locator("#answer"), answers.Wrong);
            await Screenshots.TakeAsync(page, "structured-problem-after");

            var guide = await page.RunAndWaitForPopupAsync(() => page.ClickAsync("#syntax-guide-link"));
            await Assertions.Expect(guide.Locator("#syntax-guide h1")).ToHaveTextAsync("How to type your answer");
            await Assertions.Expect(guide.Locator("#syntax-guide")).ToContainTextAsync("sin x^2");
        });
    }

    [Fact]
    public async Task Student_LateRightAnswer_IsSolved_WithItsPartsOnEveryPage_AndInTheGradesCsv()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        // Week 1 in Development: due two days ago at 23:00, 10 % off per started day.
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "chain-rule"));
        var due = (await site.WithDbAsync(db => db.ProblemSets.SingleAsync(s => s.Key == "week-1"))).DueAt!.Value;
        var factor = (1 - (0.1 * Math.Ceiling((DateTimeOffset.UtcNow - due).TotalDays))).ToString("0.##", CultureInfo.InvariantCulture);
        var percent = (100 * (1 - (0.1 * Math.Ceiling((DateTimeOffset.UtcNow - due).TotalDays)))).ToString("0.#", CultureInfo.InvariantCulture);
        var explained = $"grader 100% × late {factor} = {percent}%";
        await Screenshots.RunAsync(site, output, nameof(Student_LateRightAnswer_IsSolved_WithItsPartsOnEveryPage_AndInTheGradesCsv), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync("/grades");
            await Screenshots.TakeAsync(page, "grades-page-empty");
            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator("[data-set-key='week-1'] .set-phase")).ToContainTextAsync("Past due");
            await Assertions.Expect(page.Locator("[data-set-key='week-1'] .set-phase")).ToContainTextAsync("answers now lose 10% per started day late");
            await page.ClickAsync("[data-set-key='week-1']");
            await page.ClickAsync("[data-problem-key='chain-rule']");
            await page.Locator("#answer").PressSequentiallyAsync(answers.Right);
            await page.Locator("#answer").PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
            await Assertions.Expect(attempt.Locator(".score-parts")).ToHaveTextAsync(explained);

            await page.ClickAsync(".breadcrumb a:has-text('Week 1')");
            var row = page.Locator("[data-problem-key='chain-rule']");
            await Assertions.Expect(row).ToContainTextAsync("Solved");
            await Assertions.Expect(row.Locator(".score-parts")).ToHaveTextAsync(explained);
            await page.ClickAsync(".breadcrumb a:has-text('Problem sets')");
            var card = page.Locator("[data-set-key='week-1']");
            await Assertions.Expect(card).ToContainTextAsync("1 of");
            await Assertions.Expect(card.Locator(".set-score-parts")).ToContainTextAsync("late on 1 problem");

            await page.ClickAsync("nav a:has-text('Grades')");
            var graded = page.Locator(".grade-set[data-set-key='week-1'] tr[data-problem-key='chain-rule']");
            await Assertions.Expect(graded.Locator(".score-parts")).ToHaveTextAsync(explained);
            await Assertions.Expect(graded).ToContainTextAsync("Solved");
            await Assertions.Expect(page.Locator(".grade-set[data-set-key='week-1'] .set-phase")).ToContainTextAsync("Past due");
            await Screenshots.TakeAsync(page, "grades-page-after");

            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#grades-csv"));
            var csv = await File.ReadAllLinesAsync(await download.PathAsync());
            Assert.StartsWith("set,problem,title,points,due,attempt", csv[0], StringComparison.Ordinal);
            var line = Assert.Single(csv, l => l.StartsWith("week-1,chain-rule,", StringComparison.Ordinal));
            Assert.Contains(",correct,1,", line, StringComparison.Ordinal);
            Assert.Contains(explained, line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Student_Solution_ShowsOnlyWhenTheSetsPolicySays()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var open = await Answers.ForAsync(site, student, q => q.Where(p => p.Key == "gradient" && p.ProblemSet.Key == "week-2"));
        var pastDue = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "power-rule"));
        await Screenshots.RunAsync(site, output, nameof(Student_Solution_ShowsOnlyWhenTheSetsPolicySays), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            // Week 2 has no due date: nothing of the solution, on the problem page or its own.
            await page.GotoAsync($"/problems/{open.ProblemId}");
            await Assertions.Expect(page.Locator("#solution-when")).ToContainTextAsync("shown after the due date");
            await Assertions.Expect(page.Locator("#solution-link")).ToHaveCountAsync(0);
            await page.GotoAsync($"/problems/{open.ProblemId}/solution");
            await Assertions.Expect(page.Locator("#solution-not-yet")).ToBeVisibleAsync();
            Assert.DoesNotContain(open.Right, await page.ContentAsync(), StringComparison.Ordinal);
            await Screenshots.TakeAsync(page, "solution-page-not-yet");

            // Week 1 is past due: the author's solution, the engine's steps and the answer.
            await page.GotoAsync($"/problems/{pastDue.ProblemId}");
            await page.ClickAsync("#solution-link");
            await Assertions.Expect(page.Locator("#author-solution")).ToContainTextAsync("Differentiate term by term");
            await Assertions.Expect(page.Locator("#author-solution .katex").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#engine-solution")).ToContainTextAsync("sum rule");
            await Assertions.Expect(page.Locator("#engine-solution")).ToContainTextAsync("power rule");
            await Assertions.Expect(page.Locator("#solution-answer-text")).ToHaveTextAsync(pastDue.Right);
            await Assertions.Expect(page.Locator("#solution-answer .katex")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "solution-page-after");

            // The instructor chooses "never": gone again.
            await SetWeek1ReleaseAsync(SolutionRelease.Never);
            try
            {
                await page.ReloadAsync();
                await Assertions.Expect(page.Locator("#solution-not-yet")).ToContainTextAsync("not shown for this problem set");
                Assert.DoesNotContain(pastDue.Right, await page.ContentAsync(), StringComparison.Ordinal);
            }
            finally
            {
                await SetWeek1ReleaseAsync(SolutionRelease.AfterDue);
            }
        });
    }

    // The student's own due date (an extension, the calendar's override) tomorrow: no solution,
    // not on the problem page nor its own nor in the API; the site's clock moved past that date:
    // the solution, the engine's steps and the answer.
    [Fact]
    public async Task Student_Solution_HiddenBeforeTheirDueDate_ShownOnceTheClockPassesIt()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var ta = await site.NewUserAsync(Roles.TA, CourseRole.TA);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Key == "gradient" && p.ProblemSet.Key == "week-2"));
        var (studentId, taId) = (await site.UserIdAsync(student), await site.UserIdAsync(ta));
        var due = DateTimeOffset.UtcNow.AddDays(1);
        await site.WithDbAsync(async db =>
        {
            var set = await db.ProblemSets.SingleAsync(s => s.Key == "week-2");
            db.ScheduleOverrides.Add(new ScheduleOverride
            {
                ProblemSetId = set.Id, UserId = studentId, DueAt = due, Reason = "browser test", ByUserId = taId, CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        await Screenshots.RunAsync(site, output, nameof(Student_Solution_HiddenBeforeTheirDueDate_ShownOnceTheClockPassesIt), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            await Assertions.Expect(page.Locator("#set-phase")).ToHaveAttributeAsync("data-phase", "Due");
            await Assertions.Expect(page.Locator("#solution-when")).ToContainTextAsync("after your due date");
            await Assertions.Expect(page.Locator("#solution-link")).ToHaveCountAsync(0);
            await page.GotoAsync($"/problems/{answers.ProblemId}/solution");
            await Assertions.Expect(page.Locator("#solution-not-yet")).ToBeVisibleAsync();
            Assert.DoesNotContain(answers.Right, await page.ContentAsync(), StringComparison.Ordinal);
            var api = await page.APIRequest.GetAsync($"/api/problems/{answers.ProblemId}/solution");
            var json = await api.TextAsync();
            Assert.Equal(200, api.Status);
            Assert.Contains("\"available\":false", json, StringComparison.Ordinal);
            Assert.DoesNotContain(answers.Right, json, StringComparison.Ordinal);

            using (site.Clock.Travel(TimeSpan.FromDays(2)))
            {
                await page.GotoAsync($"/problems/{answers.ProblemId}");
                await Assertions.Expect(page.Locator("#set-phase")).ToHaveAttributeAsync("data-phase", "PastDue");
                await page.ClickAsync("#solution-link");
                await Assertions.Expect(page.Locator("#engine-solution")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#solution-answer-text")).ToHaveTextAsync(answers.Right);
                await Assertions.Expect(page.Locator("#solution-answer .katex")).ToBeVisibleAsync();
                await Screenshots.TakeAsync(page, "solution-page-after-due");
            }
        });
    }

    [Fact]
    public async Task Student_PracticesAnotherOne_GradedButNotCounted()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "product-rule"));
        await Screenshots.RunAsync(site, output, nameof(Student_PracticesAnotherOne_GradedButNotCounted), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            await page.ClickAsync("#practice-link");
            await Assertions.Expect(page.Locator("#practice-note")).ToContainTextAsync("graded but not counted");
            var box = page.Locator("#answer");
            await box.PressSequentiallyAsync("(x");
            await box.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#submit-error")).ToBeVisibleAsync();
            await Screenshots.TypeOverAsync(page.Locator("#answer"), "0");
            await page.Locator("#answer").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#practice-result")).ToContainTextAsync("Incorrect · 0%");
            await Assertions.Expect(page.Locator("#practice-result")).ToContainTextAsync("not counted");
            await Assertions.Expect(page.Locator("#answer")).ToHaveValueAsync("0");
            await Screenshots.FollowAsync(page, "#practice-again");
            await Assertions.Expect(page.Locator("#practice-result")).ToHaveCountAsync(0);
            await page.ClickAsync("#back-to-problem");
            await Assertions.Expect(page.Locator("#no-attempts")).ToBeVisibleAsync();
        });
        var userId = await site.UserIdAsync(student);
        Assert.Equal(0, await site.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == userId)));
    }

    [Fact]
    public async Task Student_ReportsAProblem_TaSeesItWithTheVariant_AndResolvesIt()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var ta = await site.NewUserAsync(Roles.TA, CourseRole.TA);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "product-rule"));
        var message = "The statement says sin but the function has cos " + Guid.NewGuid().ToString("N")[..6];
        await Screenshots.RunAsync(site, output, nameof(Student_ReportsAProblem_TaSeesItWithTheVariant_AndResolvesIt), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            await page.ClickAsync("#report-problem summary");
            // Only spaces pass the browser's "required" but say nothing: refused beside the
            // report form (not the answer box), the form still open, the words kept.
            await page.Locator("#report-message").PressSequentiallyAsync("   ");
            await Screenshots.FollowAsync(page, "#send-report");
            await Assertions.Expect(page.Locator("#report-error")).ToContainTextAsync("Say in a few words what is wrong");
            await Assertions.Expect(page.Locator("#report-message")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#submit-error")).ToHaveCountAsync(0);
            await page.Locator("#report-message").FillAsync("");
            await page.Locator("#report-message").PressSequentiallyAsync(message);
            await page.ClickAsync("#send-report");
            await Assertions.Expect(page.Locator("#report-sent")).ToContainTextAsync("went to the teaching staff");
        });
        await Screenshots.RunAsync(site, output, nameof(Student_ReportsAProblem_TaSeesItWithTheVariant_AndResolvesIt) + "-ta", async page =>
        {
            await Screenshots.SignInAsync(page, ta);
            await page.GotoAsync("/reports");
            await page.ClickAsync("a:has-text('review queue')");
            var row = page.Locator("#reports tr", new() { HasTextString = message });
            await Assertions.Expect(row).ToContainTextAsync("seed");
            await row.Locator("a:has-text('Review')").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(student);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("The product rule");
            await page.GoBackAsync();
            await Screenshots.FollowAsync(page.Locator("#reports tr", new() { HasTextString = message }).Locator(".resolve-report"));
            await Assertions.Expect(page.Locator("#reports tr", new() { HasTextString = message })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Student_GoesToTheNextAndPreviousProblem()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var problems = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSet.Key == "week-1").OrderBy(p => p.Position)
            .Select(p => new { p.Id, p.Title }).Take(2).ToListAsync());
        await Screenshots.RunAsync(site, output, nameof(Student_GoesToTheNextAndPreviousProblem), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{problems[0].Id}");
            await page.ClickAsync("#next-problem");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(problems[1].Title);
            await page.ClickAsync("#previous-problem");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(problems[0].Title);
        });
    }

    [Fact]
    public async Task Student_TypesInTheMathEditor_TheBoxGetsThePlainSyntax()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "power-rule"));
        await Screenshots.RunAsync(site, output, nameof(Student_TypesInTheMathEditor_TheBoxGetsThePlainSyntax), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            await page.ClickAsync("#math-editor-toggle");
            var field = page.Locator("math-field#math-field");
            await Assertions.Expect(field).ToBeVisibleAsync(new() { Timeout = 20_000 });
            // Type once the editor has drawn its box and holds the focus, as a person sees the
            // cursor before typing: in one CI run the keys reached no field and the box stayed empty.
            await Assertions.Expect(field.Locator("[part=container]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await field.ClickAsync();
            await Assertions.Expect(field).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("3x^2");
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.TypeAsync("-2");
            await Assertions.Expect(page.Locator("#answer")).ToHaveValueAsync("3x^2-2");
            await Assertions.Expect(page.Locator("#preview")).ToHaveAttributeAsync("data-state", "ok");
            // The formula shows in the field under the site's CSP (its layout styles re-applied
            // through the CSSOM), not a hidden or collapsed box.
            var container = field.Locator("[part=container]");
            await Assertions.Expect(container).ToBeVisibleAsync();
            await Assertions.Expect(container).ToContainTextAsync("3");
            var box = await field.BoundingBoxAsync();
            Assert.True(box is { Height: > 20, Width: > 60 }, $"the math field is {box?.Width} x {box?.Height}");
            await Screenshots.TakeAsync(page, "math-editor");
            await page.ClickAsync("#submit-answer");
            await Assertions.Expect(page.Locator("#attempts li.attempt").First).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("queued|grading|graded"));
            await Assertions.Expect(page.Locator("#attempts li.attempt code.attempt-answer").First).ToHaveTextAsync("3x^2-2");
        });
    }

    private Task<int> SetWeek1ReleaseAsync(SolutionRelease release) =>
        site.WithDbAsync(db => db.ProblemSets.Where(s => s.Key == "week-1")
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SolutionRelease, release)));
}
