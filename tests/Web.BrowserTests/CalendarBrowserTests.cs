using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// The course's calendar as people use it: a student starts a timed quiz and sees the server's
// time running out; a TA gives a student an extension and the student sees their own due date;
// an exam's results stay hidden until the TA releases them.
public sealed class CalendarBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    private const string Spec = """
        key: chain
        title: Chain rule quiz
        kind: derivative
        points: 2
        variables: [x]
        function: "sin(x^2)"
        wrt: x
        statement: |
          Differentiate $f(x) = \sin(x^2)$ with respect to $x$.
        """;

    [Fact]
    public async Task Student_StartsATimedQuiz_SeesTheTimeLeft_AndAnswers()
    {
        var setId = await NewSetAsync("Timed quiz", s => s.TimeLimitMinutes = 15);
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        await Screenshots.RunAsync(site, output, nameof(Student_StartsATimedQuiz_SeesTheTimeLeft_AndAnswers), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await Screenshots.FollowAsync(page, $"a[href='/sets/{setId}']");
            await Assertions.Expect(page.Locator("#start-note")).ToContainTextAsync("timed");
            await Assertions.Expect(page.Locator("#time-limit")).ToContainTextAsync("15 minutes");
            // No question before the start.
            await Assertions.Expect(page.Locator("[data-problem-key='chain']")).ToHaveCountAsync(0);
            await page.ClickAsync("#start-timed");

            var left = page.Locator("#time-left .time-left-value");
            await Assertions.Expect(left).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1[45]:[0-5][0-9]$"));
            var first = await left.TextContentAsync();
            await Assertions.Expect(left).Not.ToHaveTextAsync(first!, new() { Timeout = 5000 });
            await Screenshots.TakeAsync(page, "timed-started");

            await page.ClickAsync("[data-problem-key='chain']");
            await Assertions.Expect(page.Locator("#time-left")).ToContainTextAsync("Time left");
            await page.Locator("#answer").PressSequentiallyAsync("2x cos(x^2)");
            await page.ClickAsync("#submit-answer");
            // The grade comes through the queue and the page's polling (which backs off to 5 s),
            // as every other wait for a grade in this suite: 30 s, not the default.
            await Assertions.Expect(page.Locator("#attempts li .attempt-result").First).ToContainTextAsync("Correct", new() { Timeout = 30_000 });
            await Screenshots.TakeAsync(page, "timed-answered");
        });
        var starts = await site.WithDbAsync(db => db.TimedStarts.CountAsync(t => t.ProblemSetId == setId));
        Assert.Equal(1, starts);
    }

    [Fact]
    public async Task Ta_GivesAnExtensionWithAReason_StudentSeesTheirOwnDueDate()
    {
        var due = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(18), TimeSpan.Zero);
        var setId = await NewSetAsync("Extension week", s => { s.DueAt = due; s.LatePenaltyPerDay = 0.1; });
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Ext Student");
        var userId = await site.UserIdAsync(student);
        var extended = due.AddDays(4);
        var shown = extended.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await Screenshots.RunAsync(site, output, nameof(Ta_GivesAnExtensionWithAReason_StudentSeesTheirOwnDueDate), async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync($"/reports/sets/{setId}");
            await page.ClickAsync("#set-calendar");
            await page.SelectOptionAsync("#Target", "student:" + userId);
            await page.Locator("#DueAt").PressSequentiallyAsync(shown);
            await page.ClickAsync("#save-override");
            // No reason: refused beside its field, what was typed kept.
            await Assertions.Expect(page.Locator("[data-error-for='Reason']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#DueAt")).ToHaveValueAsync(shown);
            await page.Locator("#Reason").PressSequentiallyAsync("Hospital stay, letter on file");
            await page.ClickAsync("#save-override");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Override saved.");
            await Assertions.Expect(page.Locator("#overrides .override-reason")).ToContainTextAsync("Hospital stay");
            await Assertions.Expect(page.Locator($"#student-dates tr[data-user-id='{userId}'] .student-due")).ToContainTextAsync(shown);
            await Screenshots.TakeAsync(page, "extension-staff");
        });
        await Screenshots.RunAsync(site, output, nameof(Ta_GivesAnExtensionWithAReason_StudentSeesTheirOwnDueDate) + "-student", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await Assertions.Expect(page.Locator($"a[href='/sets/{setId}']")).ToContainTextAsync("your due date");
            await page.ClickAsync($"a[href='/sets/{setId}']");
            // In the viewer's time zone, with the UTC form on hover.
            await Assertions.Expect(page.Locator($"#due-note .your-due time[title='{shown} UTC']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#due-note")).ToContainTextAsync("Your due date");
            await Assertions.Expect(page.Locator("#personal-dates")).ToBeVisibleAsync();
            // The reason is the staff's: the student sees their dates, not why.
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Hospital");
            await Screenshots.TakeAsync(page, "extension-student");
        });
        // The extension was a mistake: the TA removes it, with a reason, and the set's dates apply again.
        var setDue = due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await Screenshots.RunAsync(site, output, nameof(Ta_GivesAnExtensionWithAReason_StudentSeesTheirOwnDueDate) + "-removed", async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync($"/reports/sets/{setId}");
            await page.ClickAsync("#set-calendar");
            var extension = page.Locator("#overrides li.override", new() { HasText = "Hospital stay" });
            await extension.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
            // No reason: refused, the extension still there.
            await Assertions.Expect(page.Locator("#calendar-error")).ToContainTextAsync("A reason is required");
            await Assertions.Expect(extension).ToHaveCountAsync(1);
            await extension.GetByLabel("Reason for removing").FillAsync("Given to the wrong student");
            await extension.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Override removed.");
            await Assertions.Expect(page.Locator("#no-overrides")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"#student-dates tr[data-user-id='{userId}'] .student-due")).ToContainTextAsync(setDue);
            await Screenshots.TakeAsync(page, "extension-removed");
        });
    }

    [Fact]
    public async Task Ta_CreatesAnAccommodationGroup_AddsAStudent_WhoGetsExtraTime()
    {
        var setId = await NewSetAsync("Timed with accommodation", s => s.TimeLimitMinutes = 20);
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Group Student");
        var userId = await site.UserIdAsync(student);
        var group = "Extra time " + Guid.NewGuid().ToString("N")[..6];
        await Screenshots.RunAsync(site, output, nameof(Ta_CreatesAnAccommodationGroup_AddsAStudent_WhoGetsExtraTime), async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync($"/reports/sets/{setId}");
            await page.ClickAsync("#set-calendar");
            await Assertions.Expect(page.Locator($"#student-dates tr[data-user-id='{userId}'] .student-time")).ToHaveTextAsync("20 min");
            await page.Locator("#group-name").FillAsync(group);
            await page.Locator("#group-extra").FillAsync("50");
            await page.ClickAsync("#save-group");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Group saved.");
            var li = page.Locator("#groups li", new() { HasText = group });
            await Assertions.Expect(li).ToContainTextAsync("+50% time on timed sets");
            await Assertions.Expect(li).ToContainTextAsync("no members");

            await page.SelectOptionAsync("#member-group", new SelectOptionValue { Label = group });
            await page.Locator("#member-email").FillAsync(student);
            await page.ClickAsync("#add-member");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Student added to the group.");
            await Assertions.Expect(li).ToContainTextAsync("Group Student");
            var row = page.Locator($"#student-dates tr[data-user-id='{userId}']");
            await Assertions.Expect(row.Locator(".student-time")).ToHaveTextAsync("30 min");
            await Assertions.Expect(row).ToContainTextAsync("own dates");
            await Screenshots.TakeAsync(page, "group-extra-time");
        });
    }

    [Fact]
    public async Task Exam_ResultsHiddenUntilTheTaReleasesThem_ThenTheStudentSeesThem()
    {
        var setId = await NewSetAsync("Midterm exam", s => s.IsExam = true);
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Exam Student");
        var problemId = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSetId == setId).Select(p => p.Id).SingleAsync());
        await Screenshots.RunAsync(site, output, nameof(Exam_ResultsHiddenUntilTheTaReleasesThem_ThenTheStudentSeesThem), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{problemId}");
            await Assertions.Expect(page.Locator("#exam-note")).ToContainTextAsync("results appear when");
            await page.Locator("#answer").PressSequentiallyAsync("2x cos(x^2)");
            await page.ClickAsync("#submit-answer");
            await Assertions.Expect(page.Locator("#attempts li .attempt-result").First).ToHaveTextAsync("Received");
            await page.GotoAsync($"/sets/{setId}");
            await Assertions.Expect(page.Locator("#results-hidden")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "exam-hidden");
        });
        // Graded at once: the TA sees it before releasing.
        await Until.TrueAsync(() => site.WithDbAsync(db => db.Submissions.AnyAsync(s => s.ProblemId == problemId && s.Status == SubmissionStatus.Graded)),
            () => "the exam answer was not graded");
        await Screenshots.RunAsync(site, output, nameof(Exam_ResultsHiddenUntilTheTaReleasesThem_ThenTheStudentSeesThem) + "-ta", async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync($"/reports/sets/{setId}");
            await Assertions.Expect(page.Locator("#gradebook")).ToContainTextAsync("Exam Student");
            await page.ClickAsync("#set-calendar");
            await page.ClickAsync("#release-all");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Results released to every student.");
            await Assertions.Expect(page.Locator("#release-all")).ToBeDisabledAsync();
        });
        await Screenshots.RunAsync(site, output, nameof(Exam_ResultsHiddenUntilTheTaReleasesThem_ThenTheStudentSeesThem) + "-released", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{problemId}");
            await Assertions.Expect(page.Locator("#attempts li .attempt-result").First).ToContainTextAsync("Correct");
            await Assertions.Expect(page.Locator("#exam-note")).ToContainTextAsync("released");
            await Screenshots.TakeAsync(page, "exam-released");
        });
    }

    private Task<int> NewSetAsync(string title, Action<ProblemSet> settings) => NewSetAsync(site, title, settings);

    // A published set of the seeded course with one known problem (d/dx sin(x^2)); the exam tests' too.
    internal static Task<int> NewSetAsync(SiteFixture site, string title, Action<ProblemSet> settings) => site.WithDbAsync(async db =>
    {
        var course = await db.Courses.OrderBy(c => c.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var set = new ProblemSet
        {
            CourseId = course.Id, Key = "cal-" + Guid.NewGuid().ToString("N")[..8], Title = title, Week = 7, IsPublished = true,
            CreatedAt = now, UpdatedAt = now,
            Problems =
            [
                new Problem
                {
                    Key = "chain", Position = 1, Title = "Chain rule quiz", Kind = "derivative", Points = 2, SpecYaml = Spec, Version = 1, UpdatedAt = now,
                    Versions = [new ProblemVersion { Version = 1, SpecYaml = Spec, CreatedAt = now }],
                },
            ],
        };
        settings(set);
        db.ProblemSets.Add(set);
        await db.SaveChangesAsync();
        return set.Id;
    });
}
