using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// An exam's entry and log as people use them: the instructor sets an access code and the exam
// room's network on the set editor; a student types a wrong code, then the right one, and
// starts; a student elsewhere is told why they cannot start; the page's focus reports appear in
// the TA's log of that student. The site listens on 127.0.0.1, so 127.0.0.0/8 is "the room".
public sealed class ExamBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Instructor_SetsCodeAndNetwork_StudentTypesWrongThenRightCode_TaSeesFocusLostInTheLog()
    {
        var setId = await CalendarBrowserTests.NewSetAsync(site, "Final exam", s => s.IsExam = true);
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Exam Taker");
        var userId = await site.UserIdAsync(student);
        await Screenshots.RunAsync(site, output, nameof(Instructor_SetsCodeAndNetwork_StudentTypesWrongThenRightCode_TaSeesFocusLostInTheLog), async page =>
        {
            await Screenshots.SignInAsync(page, "instructor@demo.local");
            await page.GotoAsync($"/authoring/sets/{setId}");
            await Assertions.Expect(page.Locator("#IsExam")).ToBeCheckedAsync();
            await page.Locator("#AccessCode").FillAsync("maple-7");
            await page.Locator("#AllowedNetworks").FillAsync("127.0.0.0/8\n10.0.0.1/8");
            await page.ClickAsync("#save-set");
            // A range with bits after its prefix: refused beside the field, nothing saved.
            await Assertions.Expect(page.Locator("[data-error-for='AllowedNetworks']")).ToContainTextAsync("10.0.0.1/8");
            await page.Locator("#AccessCode").FillAsync("maple-7");
            await page.Locator("#AllowedNetworks").FillAsync("127.0.0.0/8\n2001:db8::/32");
            await page.ClickAsync("#save-set");
            await Assertions.Expect(page.Locator("#message")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#AccessCode-help")).ToContainTextAsync("A code is set");
            await Assertions.Expect(page.Locator("#AccessCode")).ToHaveValueAsync("");
            await Assertions.Expect(page.Locator("#AllowedNetworks")).ToHaveValueAsync("127.0.0.0/8\n2001:db8::/32");
            await Screenshots.TakeAsync(page, "exam-entry-settings");
        });
        await Screenshots.RunAsync(site, output, nameof(Instructor_SetsCodeAndNetwork_StudentTypesWrongThenRightCode_TaSeesFocusLostInTheLog) + "-student", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync($"a[href='/sets/{setId}']");
            await page.Locator("#accessCode").FillAsync("maple-8");
            await Screenshots.FollowAsync(page, "#start-timed");
            await Assertions.Expect(page.Locator("#start-error")).ToContainTextAsync("That access code is not this exam");
            await Assertions.Expect(page.Locator("[data-problem-key='chain']")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "exam-wrong-code");
            await page.Locator("#accessCode").FillAsync("maple-7");
            await page.ClickAsync("#start-timed");
            await Assertions.Expect(page.Locator("[data-problem-key='chain']")).ToBeVisibleAsync();

            // The student switches windows on the problem page once it has loaded. Without the
            // wait the event could reach the set page while it unloads (the script then stays
            // silent, since leaving a page of the exam is not leaving the exam) or the problem
            // page before its script ran: CI saw the report never come.
            await Screenshots.FollowAsync(page, "[data-problem-key='chain']");
            // Headless Chromium has no other window to move the focus to: the page is told it
            // lost and regained focus, as a browser does when the student switches windows, and
            // the page's own script reports it.
            foreach (var (eventName, kind) in new[] { ("blur", "focus-lost"), ("focus", "focus-regained") })
            {
                var report = await page.RunAndWaitForResponseAsync(
                    () => page.EvaluateAsync($"window.dispatchEvent(new Event('{eventName}'))"),
                    r => r.Url.EndsWith($"/sets/{setId}/events", StringComparison.Ordinal));
                if (report.Status != 204) Assert.Fail($"{kind}: the report was answered {report.Status} {await report.TextAsync()}");
            }
            await page.Locator("#answer").PressSequentiallyAsync("2x cos(x^2)");
            await page.ClickAsync("#submit-answer");
            await Assertions.Expect(page.Locator("#attempts li .attempt-result").First).ToHaveTextAsync("Received");

            await page.GotoAsync($"/sets/{setId}");
            await Screenshots.FollowAsync(page, "#finish-set");
            await Assertions.Expect(page.Locator("#finish-form")).ToHaveCountAsync(0);
            await page.ClickAsync("[data-problem-key='chain']");
            await Assertions.Expect(page.Locator("#answers-closed")).ToContainTextAsync("You finished this problem set");
            await Assertions.Expect(page.Locator("#submit-answer")).ToBeDisabledAsync();
        });
        await Screenshots.RunAsync(site, output, nameof(Instructor_SetsCodeAndNetwork_StudentTypesWrongThenRightCode_TaSeesFocusLostInTheLog) + "-ta", async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync($"/reports/sets/{setId}");
            await page.ClickAsync("#exam-log");
            await page.SelectOptionAsync("#userId", userId);
            await page.ClickAsync("#show-log");
            var log = page.Locator($".exam-log-student[data-user-id='{userId}']");
            await Assertions.Expect(log.Locator(".exam-log-entry[data-kind='wrong_access_code']")).ToHaveCountAsync(1);
            await Assertions.Expect(log.Locator(".exam-log-entry[data-kind='started']")).ToHaveCountAsync(1);
            await Assertions.Expect(log.Locator(".exam-log-entry[data-kind='focus_lost']")).ToHaveCountAsync(1);
            await Assertions.Expect(log.Locator(".exam-log-entry[data-kind='focus_regained']")).ToHaveCountAsync(1);
            await Assertions.Expect(log.Locator(".exam-log-entry[data-kind='answer']")).ToContainTextAsync("Chain rule quiz");
            await Assertions.Expect(log.Locator(".exam-log-entry[data-kind='finished']")).ToHaveCountAsync(1);
            await Screenshots.TakeAsync(page, "exam-log");
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#log-csv"));
            var csv = await File.ReadAllTextAsync(await download.PathAsync());
            Assert.Contains($"{student},Exam Taker,", csv, StringComparison.Ordinal);
            Assert.Contains(",focus_lost,", csv, StringComparison.Ordinal);
        });
    }

    // The student switched windows while the problem page loaded, before its script listened:
    // the page, starting without the focus, reports that once the script runs. Headless Chromium
    // keeps every page focused, so this page is told it has none, as a page in a window behind
    // another is.
    [Fact]
    public async Task ProblemPageLoadedWhileTheStudentWasAway_ReportsTheFocusLost()
    {
        var setId = await CalendarBrowserTests.NewSetAsync(site, "Exam, away on load", s =>
        {
            // Timed, so it runs from the student's start (the focus reports cover a running exam).
            s.IsExam = true;
            s.TimeLimitMinutes = 60;
        });
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Away Student");
        var userId = await site.UserIdAsync(student);
        await Screenshots.RunAsync(site, output, nameof(ProblemPageLoadedWhileTheStudentWasAway_ReportsTheFocusLost), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/sets/{setId}");
            await page.ClickAsync("#start-timed");
            await Assertions.Expect(page.Locator("[data-problem-key='chain']")).ToBeVisibleAsync();
            await page.AddInitScriptAsync("document.hasFocus = () => false;");
            var report = await page.RunAndWaitForResponseAsync(() => Screenshots.FollowAsync(page, "[data-problem-key='chain']"),
                r => r.Url.EndsWith($"/sets/{setId}/events", StringComparison.Ordinal));
            if (report.Status != 204) Assert.Fail($"the report was answered {report.Status} {await report.TextAsync()}");
        });
        var kinds = await site.WithDbAsync(db => db.ExamEvents.Where(e => e.ProblemSetId == setId && e.UserId == userId).Select(e => e.Kind).ToListAsync());
        Assert.Equal([ExamEventKind.FocusLost], kinds);
    }

    [Fact]
    public async Task StudentOutsideTheExamNetwork_IsToldWhy_AndCannotStart()
    {
        var setId = await CalendarBrowserTests.NewSetAsync(site, "Room-only exam", s =>
        {
            s.IsExam = true;
            s.TimeLimitMinutes = 60;
            s.AllowedNetworks = "10.0.0.0/8";
        });
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student, "Remote Student");
        await Screenshots.RunAsync(site, output, nameof(StudentOutsideTheExamNetwork_IsToldWhy_AndCannotStart), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await Screenshots.FollowAsync(page, $"a[href='/sets/{setId}']");
            await Assertions.Expect(page.Locator("#outside-network")).ToContainTextAsync("your address (127.0.0.1) is outside it");
            await Assertions.Expect(page.Locator("#start-timed")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "exam-outside-network");
        });
        Assert.Equal(0, await site.WithDbAsync(db => db.TimedStarts.CountAsync(t => t.ProblemSetId == setId)));
    }
}
