using System.Globalization;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// A teaching assistant's day on the demo course (Development gives the five demo students a
// graded week-1 history): gradebooks, statistics, review, overrides, group credit, the review
// queue, a regrade and the CSV export. Each test works on its own problem or its own student.
public sealed class TaRoadTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    private const string Ta = "ta@demo.local";

    [Fact]
    public async Task Ta_Gradebooks_SortFilterPage_AndDownloadsTheCsv()
    {
        // More students than a page holds (50), without a history: the pager must show.
        await AddQuietStudentsAsync(55);
        await Screenshots.RunAsync(site, output, nameof(Ta_Gradebooks_SortFilterPage_AndDownloadsTheCsv), async page =>
        {
            await Screenshots.SignInAsync(page, Ta);
            await page.ClickAsync("nav a[href='/reports']");
            await page.ClickAsync("a[data-course-code]");
            var rows = page.Locator("#gradebook tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(50);
            var students = await site.WithDbAsync(db => db.Enrollments.CountAsync(e => e.Role == CourseRole.Student));
            await Assertions.Expect(page.Locator("form[method=get]")).ToContainTextAsync($"{students} of {students} students");
            await page.ClickAsync(".pagination a:text-is('2')");
            await Assertions.Expect(rows).ToHaveCountAsync(students - 50);
            await Screenshots.TakeAsync(page, "ta-course-gradebook-page-2");

            // Sort by total, lowest first, then (a second click) highest first. The column is
            // read once, so from the whole page: the address changes as the page starts.
            await Screenshots.FollowAsync(page, "#gradebook thead a:text-is('Total')");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=total&desc=false"));
            var totals = await TotalsAsync(page);
            Assert.Equal(totals.OrderBy(t => t), totals);
            await Screenshots.FollowAsync(page, "#gradebook thead a:text-is('Total')");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("desc=true"));
            totals = await TotalsAsync(page);
            Assert.Equal(totals.OrderByDescending(t => t), totals);
            Assert.True(totals[0] > 0);

            // Filter by e-mail, typed and sent with Enter.
            await page.Locator("input[name=q]").PressSequentiallyAsync("student3@");
            await page.Locator("input[name=q]").PressAsync("Enter");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-student", "student3@demo.local");

            // The set gradebook: its own columns, sorted by the first problem, filtered by name.
            await page.ClickAsync("nav a[href='/reports']");
            await page.ClickAsync("a:has-text('Week 1:')");
            await Assertions.Expect(page.Locator("#totals-histogram svg.histogram")).ToBeVisibleAsync();
            await Screenshots.FollowAsync(page, "#gradebook thead th:nth-child(2) a");
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=c0&desc=false"));
            var first = await page.Locator("#gradebook tbody tr td:nth-child(2)").AllInnerTextsAsync();
            var points = first.Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(points.OrderBy(p => p), points);
            await page.Locator("input[name=q]").PressSequentiallyAsync("Student 2");
            await page.Locator("input[name=q]").PressAsync("Enter");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            var pageTotal = await rows.First.Locator("td[data-total]").GetAttributeAsync("data-total");
            await Screenshots.TakeAsync(page, "ta-set-gradebook");

            // The CSV the button downloads: one row per student, the totals the page shows.
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
            var file = Path.Combine(Path.GetTempPath(), "graderhub-" + Guid.NewGuid().ToString("N") + ".csv");
            await download.SaveAsAsync(file);
            var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
            File.Delete(file);
            var header = lines[0].Split(',');
            Assert.Equal(["email", "name"], header[..2]);
            Assert.StartsWith("total", header[^1], StringComparison.Ordinal);
            Assert.Equal(students, lines.Count - 1);
            var student2 = lines.Single(l => l.StartsWith("student2@demo.local,", StringComparison.Ordinal)).Split(',');
            Assert.Equal(pageTotal, student2[^1]);
        });
    }

    [Fact]
    public async Task Ta_ReviewQueue_OverrideWithReason_LeavesTheQueue()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Quinn Queue");
        var problem = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSet.Key == "week-2").OrderBy(p => p.Position).FirstAsync());
        var submissionId = await StoreAsync(student, problem.Id, "x^2 y", SubmissionStatus.Failed);
        const string reason = "The grader failed on this one; the answer is half right.";
        await Screenshots.RunAsync(site, output, nameof(Ta_ReviewQueue_OverrideWithReason_LeavesTheQueue), async page =>
        {
            await Screenshots.SignInAsync(page, Ta);
            await page.ClickAsync("nav a[href='/reports']");
            await Screenshots.FollowAsync(page, "a:text-is('review queue')");
            var item = page.Locator($"#queue tr[data-submission='{submissionId}']");
            await Assertions.Expect(item).ToContainTextAsync("Quinn Queue");
            var before = await QueueTotalAsync(page);
            await item.Locator("a:text-is('Review')").ClickAsync();

            // A score out of range is refused with a message, and nothing is stored.
            var form = page.Locator($"#attempt-{submissionId} form.override-form");
            await form.Locator("input[name=score]").PressSequentiallyAsync("2");
            await form.Locator("input[name=reason]").PressSequentiallyAsync(reason);
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#override-error")).ToContainTextAsync("between 0 and 1");

            form = page.Locator($"#attempt-{submissionId} form.override-form");
            await form.Locator("input[name=score]").PressSequentiallyAsync("0.5");
            await form.Locator("input[name=reason]").PressSequentiallyAsync(reason);
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator($"#attempt-{submissionId} .override")).ToContainTextAsync(reason);
            await Assertions.Expect(page.Locator("#problem-score")).ToHaveTextAsync("50 %");
            await Screenshots.TakeAsync(page, "ta-override");

            // Resolved: it leaves the queue.
            await page.ClickAsync("nav a[href='/reports']");
            await Screenshots.FollowAsync(page, "a:text-is('review queue')");
            await Assertions.Expect(page.Locator($"#queue tr[data-submission='{submissionId}']")).ToHaveCountAsync(0);
            Assert.Equal(before - 1, await QueueTotalAsync(page));
        });
    }

    // The score policy shown to students: an override wins, with its reason, on the problem page.
    [Fact]
    public async Task Student_SeesTheScoreTheStaffSet_AndWhy()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        var problem = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSet.Key == "week-2").OrderBy(p => p.Position).FirstAsync());
        var submissionId = await StoreAsync(student, problem.Id, "x^2 y", SubmissionStatus.Failed);
        const string reason = "The grader failed on this one; the answer is half right.";
        await Screenshots.RunAsync(site, output, nameof(Student_SeesTheScoreTheStaffSet_AndWhy) + "-ta", async page =>
        {
            await Screenshots.SignInAsync(page, Ta);
            await page.GotoAsync($"/review/problems/{problem.Id}/students/{await site.UserIdAsync(student)}");
            var form = page.Locator($"#attempt-{submissionId} form.override-form");
            await form.Locator("input[name=score]").PressSequentiallyAsync("0.5");
            await form.Locator("input[name=reason]").PressSequentiallyAsync(reason);
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator($"#attempt-{submissionId} .override")).ToContainTextAsync(reason);
        });
        await Screenshots.RunAsync(site, output, nameof(Student_SeesTheScoreTheStaffSet_AndWhy), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{problem.Id}");
            var attempt = page.Locator($"#attempts li[data-submission-id='{submissionId}']");
            await Assertions.Expect(attempt).ToContainTextAsync(reason);
            await Assertions.Expect(attempt.Locator(".attempt-result")).ToContainTextAsync("50%");
            await Screenshots.TakeAsync(page, "student-sees-override");
        });
    }

    [Fact]
    public async Task Ta_ProblemStatistics_CreditsAWrongAnswerGroup_StudentSeesTheFeedback()
    {
        const string feedback = "Right idea; the inner derivative is missing. Half credit.";
        await Screenshots.RunAsync(site, output, nameof(Ta_ProblemStatistics_CreditsAWrongAnswerGroup_StudentSeesTheFeedback), async page =>
        {
            await Screenshots.SignInAsync(page, Ta);
            await page.ClickAsync("nav a[href='/reports']");
            await page.ClickAsync("a:has-text('Week 1:')");
            await Screenshots.FollowAsync(page, "#problem-stats");
            var weakest = page.Locator("section.problem-stats[data-weakest='true']");
            await Assertions.Expect(weakest.Locator("svg.histogram")).ToBeVisibleAsync();
            var group = weakest.Locator("table.wrong-answers tbody tr").First;
            var representative = await group.Locator("code").First.InnerTextAsync();
            var problemKey = await weakest.GetAttributeAsync("data-problem-key");
            var count = int.Parse((await group.GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
            // A credit out of range: the page says so beside the group, and nothing is applied.
            await group.Locator("input[name=feedback]").PressSequentiallyAsync(feedback);
            await group.Locator("input[name=score]").PressSequentiallyAsync("1.5");
            await group.Locator("button:text-is('Apply')").ClickAsync();
            await Assertions.Expect(group.Locator(".group-error")).ToContainTextAsync("between 0 and 1");
            await group.Locator("input[name=feedback]").PressSequentiallyAsync(feedback);
            await group.Locator("input[name=score]").PressSequentiallyAsync("0.5");
            await group.Locator("button:text-is('Apply')").ClickAsync();
            await Assertions.Expect(page.Locator("#group-applied")).ToHaveTextAsync($"Applied to {count} submissions.");
            await Screenshots.TakeAsync(page, "ta-group-credit");

            var (email, problemId) = await site.WithDbAsync(async db =>
            {
                var s = await db.Submissions.Where(x => x.Problem.Key == problemKey && x.Problem.ProblemSet.Key == "week-1" && x.AnswerText == representative)
                    .Select(x => new { x.User.Email, x.ProblemId }).FirstAsync();
                return (s.Email!, s.ProblemId);
            });

            // A student of that group reads the note under that answer.
            var student = await page.Context.Browser!.NewContextAsync(new() { BaseURL = site.BaseAddress.ToString() });
            var theirs = await student.NewPageAsync();
            try
            {
                await Screenshots.SignInAsync(theirs, email);
                await theirs.GotoAsync($"/problems/{problemId}");
                var attempt = theirs.Locator("#attempts li.attempt", new() { Has = theirs.Locator($"code.attempt-answer:text-is('{representative}')") });
                await Assertions.Expect(attempt.First.Locator(".attempt-feedback")).ToContainTextAsync("Staff note: " + feedback);
            }
            catch
            {
                await Screenshots.TakeAsync(theirs, "FAILED-group-credit-student", always: true);
                throw;
            }
            finally
            {
                await student.CloseAsync();
            }
        });
    }

    [Fact]
    public async Task Ta_RegradesAProblem_DryRunFirst_ThenTheJobWithProgress()
    {
        // A graded answer whose stored grade is stale (as after a spec fix): the dry run must find it.
        var (submissionId, problemId) = await site.WithDbAsync(async db =>
        {
            var s = await db.Submissions.Where(x => x.Problem.ProblemSet.Key == "week-1" && x.Problem.Key == "power-rule" && x.Verdict == Verdict.Correct)
                .OrderBy(x => x.Id).FirstAsync();
            s.RecordGrade(new Grading.Answers.GradeResult(Grading.Answers.GradeVerdict.PartiallyCorrect, 0.3, "stale", null),
                s.GraderVersion ?? "stale", s.ProblemVersion, s.GradedAt ?? DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            return (s.Id, s.ProblemId);
        });
        await Screenshots.RunAsync(site, output, nameof(Ta_RegradesAProblem_DryRunFirst_ThenTheJobWithProgress), async page =>
        {
            await Screenshots.SignInAsync(page, Ta);
            await page.ClickAsync("nav a[href='/reports']");
            await page.ClickAsync("a:has-text('Week 1:')");
            await page.ClickAsync("#problem-stats");
            await page.Locator($"#problem-{problemId} a:text-is('regrade')").ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Regrade problem");
            await Assertions.Expect(page.Locator($"#changes tr[data-submission='{submissionId}']")).ToBeVisibleAsync();
            Assert.Equal(0.3, await StoredScoreAsync(submissionId));
            await Screenshots.TakeAsync(page, "ta-regrade-plan");

            await page.ClickAsync("#start-regrade");
            var state = page.Locator("#regrade-state");
            await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator(".progress-bar")).ToHaveTextAsync("100%");
            await Screenshots.TakeAsync(page, "ta-regrade-done");
        });
        var audit = await site.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "regrade").Select(a => a.EntityId + " " + a.Details).ToListAsync());
        output.WriteLine("regrade audit: " + string.Join(" | ", audit));
        Assert.Equal(1.0, await StoredScoreAsync(submissionId));

        // The whole set, from its gradebook: nothing stale is left, and the job still runs through.
        await Screenshots.RunAsync(site, output, nameof(Ta_RegradesAProblem_DryRunFirst_ThenTheJobWithProgress) + "-set", async page =>
        {
            await Screenshots.SignInAsync(page, Ta);
            await page.ClickAsync("nav a[href='/reports']");
            await page.ClickAsync("a:has-text('Week 1:')");
            await Screenshots.FollowAsync(page, "a:text-is('Regrade set')");
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Regrade set");
            await Assertions.Expect(page.Locator($"#changes tr[data-submission='{submissionId}']")).ToHaveCountAsync(0);
            await page.ClickAsync("#start-regrade");
            await Assertions.Expect(page.Locator("#regrade-state")).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 60_000 });
        });
    }

    private Task<double?> StoredScoreAsync(long id) => site.WithDbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.Score).SingleAsync());

    private static async Task<List<double>> TotalsAsync(IPage page) =>
        [.. (await page.Locator("#gradebook tbody td[data-total]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.total)"))
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture))];

    private static async Task<int> QueueTotalAsync(IPage page) =>
        int.Parse((await page.Locator("#queue-total").InnerTextAsync()).Split(' ')[0], CultureInfo.InvariantCulture);

    private Task<long> StoreAsync(string email, int problemId, string answer, SubmissionStatus status) =>
        site.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var set = await db.Problems.Where(p => p.Id == problemId).Select(p => new { p.ProblemSet.Key, Problem = p.Key, p.Version }).SingleAsync();
            var s = new Submission
            {
                ProblemId = problemId, UserId = user.Id, AnswerText = answer, VariantSeed = VariantSeeds.For(user.Id, set.Key, set.Problem),
                ProblemVersion = set.Version, AttemptNumber = 1, Status = status, SubmittedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                Error = "The grader stopped: test", GradingAttempts = 3,
            };
            db.Submissions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });

    // Enrolled students who never signed in (no password): rows for the pager.
    private Task<int> AddQuietStudentsAsync(int count) =>
        site.WithDbAsync(async db =>
        {
            var course = await db.Courses.OrderBy(c => c.Id).FirstAsync();
            for (var i = 0; i < count; i++)
            {
                var email = $"quiet-{i:00}-{Guid.NewGuid().ToString("N")[..6]}@browser.test";
                var user = new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = $"Quiet {i:00}" };
                db.Users.Add(user);
                db.Enrollments.Add(new Enrollment { CourseId = course.Id, User = user, UserId = user.Id, Role = CourseRole.Student, CreatedAt = DateTimeOffset.UtcNow });
            }
            return await db.SaveChangesAsync();
        });
}
