using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// A TA raises a demo student's week-1 grade with a reason through the review page's form; the
// gradebook marks the cell, and the student, signing in, sees the new score and the reason on the
// set page and the problem page.
public sealed class OverrideFlowTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    private const string Student = "student2@demo.local";
    private const string Reason = "Your slip was in copying the statement, not in the calculus.";

    [Fact]
    public async Task Ta_OverridesWithAReason_StudentSeesScoreAndReason()
    {
        // A week-1 problem the student only answered wrong in the demo history, so the raised
        // attempt is the one that counts.
        var userId = await site.UserIdAsync(Student);
        var wrong = await site.WithDbAsync(db => db.Submissions.AsNoTracking()
            .Where(s => s.UserId == userId && s.Problem.ProblemSet.Key == "week-1" && s.Verdict == Verdict.Incorrect
                && !db.Submissions.Any(o => o.UserId == userId && o.ProblemId == s.ProblemId && o.Score > 0))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.ProblemId, s.Problem.Key }).FirstAsync());

        await Screenshots.RunAsync(site, output, nameof(Ta_OverridesWithAReason_StudentSeesScoreAndReason), async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.ClickAsync("nav a[href='/reports']");
            await page.ClickAsync("a:has-text('Week 1')");
            await page.ClickAsync($"#gradebook tr[data-student='{Student}'] td[data-column='{wrong.Key}'] a");
            var attempt = page.Locator($"#attempt-{wrong.Id}");
            await attempt.Locator("input[name=score]").FillAsync("0.8");
            await attempt.Locator("input[name=reason]").FillAsync(Reason);
            await attempt.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator($"#attempt-{wrong.Id} .override")).ToContainTextAsync(Reason);
            await Assertions.Expect(page.Locator($"#attempt-{wrong.Id} .attempt-effective")).ToHaveTextAsync("80 %");
            await Screenshots.TakeAsync(page, "override-review");

            await page.ClickAsync(".breadcrumb a:has-text('Week 1')");
            var cell = page.Locator($"#gradebook tr[data-student='{Student}'] td[data-column='{wrong.Key}']");
            await Assertions.Expect(cell.Locator(".mark-override")).ToHaveAttributeAsync("title", $"{wrong.Key}: set by staff: {Reason}");
            await Screenshots.TakeAsync(page, "override-gradebook");

            var student = await site.Browser.NewPageAsync(new BrowserNewPageOptions
            {
                BaseURL = site.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 },
            });
            try
            {
                await Screenshots.SignInAsync(student, Student);
                await student.ClickAsync("[data-set-key='week-1']");
                var row = student.Locator($"[data-problem-key='{wrong.Key}']");
                await Assertions.Expect(row.Locator(".override-reason")).ToHaveTextAsync(Reason);
                await Screenshots.TakeAsync(student, "override-student-set");

                await row.ClickAsync();
                var li = student.Locator($"#attempts li[data-submission-id='{wrong.Id}']");
                await Assertions.Expect(li.Locator(".attempt-result")).ToHaveTextAsync("Set by staff · 80%");
                await Assertions.Expect(li.Locator(".override-reason")).ToHaveTextAsync(Reason);
                await Screenshots.TakeAsync(student, "override-student-problem");
            }
            catch
            {
                await Screenshots.TakeAsync(student, "FAILED-override-student", always: true);
                throw;
            }
            finally
            {
                await student.CloseAsync();
            }
        });
    }

    // The sign-in form validated with jquery-validation's markup before; without those scripts the
    // server's validation answers an empty form with its messages, and a right one still signs in.
    [Fact]
    public async Task SignIn_EmptyForm_ShowsTheServersMessages() =>
        await Screenshots.RunAsync(site, output, nameof(SignIn_EmptyForm_ShowsTheServersMessages), async page =>
        {
            await page.GotoAsync("/account/login");
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("[data-valmsg-for='Email']")).Not.ToBeEmptyAsync();
            await Assertions.Expect(page.Locator("[data-valmsg-for='Password']")).Not.ToBeEmptyAsync();
            await Screenshots.TakeAsync(page, "login-empty");

            await Screenshots.SignInAsync(page, "student1@demo.local");
            await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("student1@demo.local");
        });
}
