using System.Globalization;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// A student's road apart from the kinds of answer: signing in, the dashboard, each week, a hint
// that costs something, attempts running out, an answer after the deadline, signing out.
// Each test is a new student, so the demo students' history stays as the TA tests expect it.
public sealed class StudentRoadTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Student_SignsIn_OpensEveryWeek_SignsOut()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var sets = await site.WithDbAsync(db => db.ProblemSets.Where(s => s.IsPublished).OrderBy(s => s.Week)
            .Select(s => new { s.Key, s.Title, Problems = s.Problems.OrderBy(p => p.Position).Select(p => p.Key).ToList() }).ToListAsync());
        await Screenshots.RunAsync(site, output, nameof(Student_SignsIn_OpensEveryWeek_SignsOut), async page =>
        {
            // Signed out, every page sends the visitor to the sign-in form first.
            await page.GotoAsync("/");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
            await page.Locator("#Email").PressSequentiallyAsync(student);
            await page.Locator("#Password").PressSequentiallyAsync("not-the-password");
            await page.Locator("#Password").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#login-form .alert-danger")).ToBeVisibleAsync();

            await Screenshots.SignInAsync(page, student);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your problem sets");
            await Assertions.Expect(page.Locator(".set-card")).ToHaveCountAsync(sets.Count);
            await Screenshots.TakeAsync(page, "student-dashboard");
            foreach (var set in sets)
            {
                // The list is read once: from the whole page (its heading comes before the list).
                await Screenshots.FollowAsync(page, $"[data-set-key='{set.Key}']");
                await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(set.Title);
                var listed = await page.Locator(".list-group [data-problem-key]").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.problemKey)");
                Assert.Equal(set.Problems, listed);
                // Each problem opens with its statement rendered.
                await page.ClickAsync($"[data-problem-key='{set.Problems[0]}']");
                await Assertions.Expect(page.Locator("#statement")).Not.ToBeEmptyAsync();
                await Assertions.Expect(page.Locator("#answer")).ToBeEditableAsync();
                await page.ClickAsync(".breadcrumb a[href='/']");
            }

            await page.ClickAsync("button:has-text('Sign out')");
            await Assertions.Expect(page.Locator("#login-form")).ToBeVisibleAsync();
            await page.GotoAsync("/");
            Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Student_RevealsAHintThatCosts_LaterAnswerLosesThePenalty()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var problem = await site.WithDbAsync(db => db.Problems.Include(p => p.ProblemSet)
            .Where(p => p.ProblemSet.IsPublished && p.ProblemSet.DueAt == null && p.SpecYaml.Contains("\nhint:") && p.Kind == "partial_derivative")
            .OrderBy(p => p.ProblemSet.Week).ThenBy(p => p.Position).FirstAsync());
        await SetAsync(db => db.Problems.Where(p => p.Id == problem.Id), p => p.HintPenalty = 0.25);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Id == problem.Id));
        await Screenshots.RunAsync(site, output, nameof(Student_RevealsAHintThatCosts_LaterAnswerLosesThePenalty), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{problem.Id}");
            var form = page.Locator("#hint-form");
            await Assertions.Expect(form).ToContainTextAsync("lose 25% of their score");
            await Assertions.Expect(page.Locator("#hint")).ToHaveCountAsync(0);

            await Screenshots.FollowAsync(page, "#reveal-hint");
            await Assertions.Expect(page.Locator("#hint")).ToContainTextAsync("lose 25% of their score");
            await Assertions.Expect(page.Locator("#hint-form")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "student-hint");

            await page.Locator("#answer").PressSequentiallyAsync(answers.Right);
            await page.Locator("#answer").PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
            await Assertions.Expect(attempt.Locator(".attempt-result")).ToContainTextAsync("75%");
        });
    }

    // An answer that takes the engine a while (a right derivative plus sixty sums that cancel,
    // which the checker expands: over a second of a core) is still being graded when the page
    // comes back; its grade then appears without a reload, from one request that waits on the
    // server for it (GET ...?wait=10), not a poll every few hundred milliseconds.
    [Fact]
    public async Task Student_AnswerStillBeingGraded_ItsGradeAppearsFromOneWaitingRequest()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Key == "chain-rule" && p.ProblemSet.Week == 1));
        var slow = answers.Right;
        for (var k = 1; slow.Length < 1900; k++)
            slow += string.Create(CultureInfo.InvariantCulture, $"+((x+{k})(x-{k}))^64-(x^2-{k * k})^64");
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Screenshots.RunAsync(site, output, nameof(Student_AnswerStillBeingGraded_ItsGradeAppearsFromOneWaitingRequest), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            page.Request += (_, request) =>
            {
                if (request.Url.Contains("/api/submissions/", StringComparison.Ordinal)) asked.Enqueue(request.Url);
            };
            // Pasted, as nobody types two thousand characters.
            await page.Locator("#answer").FillAsync(slow);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await page.Locator("#answer").PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 60_000 });
            await Assertions.Expect(attempt.Locator(".attempt-result")).ToContainTextAsync("Correct");
            var seconds = clock.Elapsed.TotalSeconds;
            // The page came back before the grade (else nothing was asked, and this test shows nothing).
            Assert.NotEmpty(asked);
            Assert.All(asked, url => Assert.EndsWith("?wait=10", url, StringComparison.Ordinal));
            // One request per ten seconds of waiting at most; the old poll asked at 250 ms, then
            // every 1.5 times longer: three or more for a grade that takes a second.
            Assert.True(asked.Count <= 1 + (int)(seconds / 9), $"{asked.Count} requests in {seconds:F1} s: {string.Join(", ", asked)}");
            output.WriteLine($"graded after {seconds:F1} s, {asked.Count} request(s)");
        });
    }

    // An answer the grader could not check in time (here stored as the grader stores one: the
    // browser sites grade with a 30 s limit) reads "Not checked", with no score, and uses no
    // attempt; the set page counts attempts as the problem page does: it said "2 attempts" here
    // while the submit, counting what uses one, had used 1. The attempt read "Incorrect · 0%"
    // with "Graded 0%, late ×0.8".
    [Fact]
    public async Task Student_AnswerTooSlowToCheck_UsesNoAttempt_OnTheSetPageEither()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Key == "chain-rule" && p.ProblemSet.Week == 1));
        var userId = await site.UserIdAsync(student);
        await site.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.ProblemSet).SingleAsync(p => p.Id == answers.ProblemId);
            var at = DateTimeOffset.UtcNow.AddMinutes(-5);
            var slow = new Submission
            {
                ProblemId = problem.Id, UserId = userId, AnswerText = answers.Right + " + ((x+1)(x-1))^64 - (x^2-1)^64",
                VariantSeed = Data.VariantSeeds.For(userId, problem.ProblemSet.Key, problem.Key),
                ProblemVersion = problem.Version, AttemptNumber = 1, Status = SubmissionStatus.Queued, SubmittedAt = at,
            };
            Features.Submissions.GradeOutcome.TooSlow(TimeSpan.FromSeconds(3)).ApplyTo(slow, at.AddSeconds(3));
            db.Submissions.Add(slow);
            return await db.SaveChangesAsync();
        });
        await Screenshots.RunAsync(site, output, nameof(Student_AnswerTooSlowToCheck_UsesNoAttempt_OnTheSetPageEither), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            var attempts = page.Locator("#attempts li.attempt");
            await Assertions.Expect(attempts.First.Locator(".attempt-feedback")).ToContainTextAsync("does not use an attempt");
            // Not marked: no red "Incorrect · 0%", no "Graded 0%, late ×0.8" (the week is past due).
            await Assertions.Expect(attempts.First.Locator(".attempt-result")).ToHaveTextAsync("Not checked");
            await Assertions.Expect(attempts.First.Locator(".attempt-factors, .attempt-parts")).ToHaveCountAsync(0);
            // The box holds the last answer, as it does after any attempt.
            await Screenshots.TypeOverAsync(page.Locator("#answer"), answers.Wrong);
            await page.Locator("#answer").PressAsync("Enter");
            await Assertions.Expect(attempts).ToHaveCountAsync(2);
            await Assertions.Expect(attempts.First).ToHaveAttributeAsync("data-status", "graded", new() { Timeout = 30_000 });

            await page.ClickAsync(".breadcrumb a[href='/']");
            await Screenshots.FollowAsync(page, $"[data-set-key='{answers.SetKey}']");
            var row = page.Locator($"[data-problem-key='{answers.ProblemKey}']");
            await Assertions.Expect(row).ToContainTextAsync("· 1 attempt");
            await Assertions.Expect(row).Not.ToContainTextAsync("2 attempts");
        });
    }

    [Fact]
    public async Task Student_UsesEveryAttempt_ThenCannotSubmit()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var problem = await site.WithDbAsync(db => db.Problems.Include(p => p.ProblemSet)
            .Where(p => p.ProblemSet.Week == 4 && p.Kind == "taylor").OrderBy(p => p.Position).FirstAsync());
        await SetAsync(db => db.ProblemSets.Where(s => s.Id == problem.ProblemSetId), s => s.MaxAttempts = 2);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.Id == problem.Id));
        await Screenshots.RunAsync(site, output, nameof(Student_UsesEveryAttempt_ThenCannotSubmit), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{problem.Id}");
            await Assertions.Expect(page.Locator("#answer-form")).ToContainTextAsync("2 attempts left.");
            var box = page.Locator("#answer");
            await box.PressSequentiallyAsync(answers.Wrong);
            await box.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#answer-form")).ToContainTextAsync("1 attempt left.");
            await Screenshots.TypeOverAsync(page.Locator("#answer"), answers.Wrong);
            await page.Locator("#answer").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#answer-form")).ToContainTextAsync("0 attempts left.");
            await Assertions.Expect(page.Locator("#submit-answer")).ToBeDisabledAsync();
            await Assertions.Expect(page.Locator("#attempts li.attempt")).ToHaveCountAsync(2);

            // Enter in the box does not get past the disabled button either: nothing is stored.
            await Screenshots.TypeOverAsync(page.Locator("#answer"), answers.Right);
            await page.Locator("#answer").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#attempts li.attempt")).ToHaveCountAsync(2);
            await Screenshots.TakeAsync(page, "student-attempts-used");
        });
        var stored = await site.WithDbAsync(async db =>
        {
            var userId = (await db.Users.SingleAsync(u => u.Email == student)).Id;
            return await db.Submissions.CountAsync(s => s.UserId == userId);
        });
        Assert.Equal(2, stored);
    }

    [Fact]
    public async Task Student_AnswersAfterTheDeadline_SeesTheLatePenalty()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        // Week 1 in Development: due two days ago at 23:00, 10 % off per started day.
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "chain-rule"));
        var set = await site.WithDbAsync(db => db.ProblemSets.SingleAsync(s => s.Key == "week-1"));
        var due = set.DueAt!.Value;
        await Screenshots.RunAsync(site, output, nameof(Student_AnswersAfterTheDeadline_SeesTheLatePenalty), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync("[data-set-key='week-1']");
            await page.ClickAsync("[data-problem-key='chain-rule']");
            // The deadline in the viewer's zone (Html.Time), its UTC form on hover.
            await Assertions.Expect(page.Locator($"#due-note time[title='{due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC']"))
                .ToHaveAttributeAsync("data-localised", "1");
            await Assertions.Expect(page.Locator("#due-note")).ToContainTextAsync("; later answers lose 10% per started day");
            await page.Locator("#answer").PressSequentiallyAsync(answers.Right);
            await page.Locator("#answer").PressAsync("Enter");
            var attempt = page.Locator("#attempts li.attempt").First;
            await Assertions.Expect(attempt).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
            var daysLate = (int)Math.Ceiling((DateTimeOffset.UtcNow - due).TotalDays);
            var percent = Math.Max(0, 100 - (10 * daysLate));
            await Assertions.Expect(attempt.Locator(".attempt-result")).ToContainTextAsync($"{percent}%");
            await Screenshots.TakeAsync(page, "student-late");
        });
    }

    [Fact]
    public async Task Student_OpeningAStaffPage_SeesNotAllowed()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        await Screenshots.RunAsync(site, output, nameof(Student_OpeningAStaffPage_SeesNotAllowed), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await Assertions.Expect(page.Locator("nav a[href='/reports']")).ToHaveCountAsync(0);
            var response = await page.GotoAsync("/instructor");
            Assert.Equal(403, response?.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This page is not open to your account");
        });
    }

    private Task<int> SetAsync<T>(Func<Data.GraderHubDbContext, IQueryable<T>> which, Action<T> change) where T : class =>
        site.WithDbAsync(async db =>
        {
            foreach (var entity in await which(db).ToListAsync()) change(entity);
            return await db.SaveChangesAsync();
        });
}
