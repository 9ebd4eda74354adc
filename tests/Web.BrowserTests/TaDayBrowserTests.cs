using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// The TA's day on the demo course (Development seeds a graded week-1 history): sign in to the
// reports, open a group of equal wrong answers, follow it to a student's review page (the
// student's variant, the expected answer and every attempt as mathematics), walk to the next
// student and problem, and clear the review queue.
public sealed class TaDayBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Theory]
    [InlineData("ta@demo.local", "/reports", "Reports")]
    [InlineData("instructor@demo.local", "/instructor", "Course overview")]
    public async Task Staff_SignIn_LandsOnTheirStartPage(string email, string path, string heading) =>
        await Screenshots.RunAsync(site, output, nameof(Staff_SignIn_LandsOnTheirStartPage) + path.Replace('/', '-'), async page =>
        {
            await Screenshots.SignInAsync(page, email);
            await Assertions.Expect(page).ToHaveURLAsync(new Uri(site.BaseAddress, path).ToString());
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        });

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Ta_FollowsWrongAnswerGroupToReview_SeesMathAndWalksToNeighbours(int width) =>
        // Far from UTC, so a time in the viewer's zone cannot pass for the UTC one.
        await Screenshots.RunAsync(site, output, $"{nameof(Ta_FollowsWrongAnswerGroupToReview_SeesMathAndWalksToNeighbours)}-{width}", async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.ClickAsync("a:has-text('Week 1')");
            await Screenshots.FollowAsync(page, "#problem-stats");

            // The commonest wrong answer of a problem: rendered by KaTeX, with links to who gave it.
            var group = page.Locator("tr.wrong-answer-group").First;
            await Assertions.Expect(group.Locator(".group-math .katex")).ToBeVisibleAsync();
            var student = group.Locator(".group-students a").First;
            await Assertions.Expect(student).ToBeVisibleAsync();
            var answer = await group.Locator("code").First.InnerTextAsync();
            var name = await student.InnerTextAsync();
            await Screenshots.TakeElementAsync(page.Locator("section.problem-stats").First, $"ta-wrong-answer-groups-{width}");
            await student.ClickAsync();

            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
            await Assertions.Expect(page.Locator("#variant-statement .katex").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#expected-answer .katex")).ToBeVisibleAsync();
            // The group's answer is among this student's attempts, read as mathematics, with its verdict.
            var attempt = page.Locator(".review-attempt", new() { Has = page.Locator("code.attempt-answer", new() { HasTextString = answer }) }).First;
            await Assertions.Expect(attempt.Locator(".attempt-math .katex")).ToBeVisibleAsync();
            await Assertions.Expect(attempt.Locator(".verdict")).ToHaveTextAsync("incorrect");
            // Times in the viewer's zone, UTC on hover.
            var time = attempt.Locator("time.local-time");
            await Assertions.Expect(time).ToHaveAttributeAsync("data-localised", "1");
            await Assertions.Expect(time).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("UTC$"));
            await Assertions.Expect(time).ToContainTextAsync("GMT+9");
            await Screenshots.TakeAsync(page, $"ta-review-{width}");

            var problemUrl = page.Url;
            var title = await page.Locator(".breadcrumb-item.active").InnerTextAsync();
            var nextStudent = page.Locator("#next-student, #previous-student").First;
            var otherName = (await nextStudent.InnerTextAsync()).Trim('←', '→', ' ');
            await nextStudent.ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(otherName);
            await Assertions.Expect(page.Locator(".breadcrumb-item.active")).ToHaveTextAsync(title);
            await Assertions.Expect(page).Not.ToHaveURLAsync(problemUrl);

            var nextProblem = page.Locator("#next-problem, #previous-problem").First;
            await nextProblem.ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(otherName);
            await Assertions.Expect(page.Locator(".breadcrumb-item.active")).Not.ToHaveTextAsync(title);
            await Assertions.Expect(page.Locator("#variant-statement .katex").First).ToBeVisibleAsync();
        }, width, timezoneId: "Asia/Tokyo");

    [Fact]
    public async Task Ta_ReviewQueue_SaysWhyAndClearsWhenOverridden() =>
        await Screenshots.RunAsync(site, output, nameof(Ta_ReviewQueue_SaysWhyAndClearsWhenOverridden), async page =>
        {
            const string answer = "x^x^x + 1";
            var submissionId = await AddUndecidedAnswerAsync("student3@demo.local", answer);

            await Screenshots.SignInAsync(page, "ta@demo.local");
            // Its address is read once: the queue's, not the page the click left.
            await Screenshots.FollowAsync(page, "a:has-text('review queue')");
            var queueUrl = page.Url;
            var row = page.Locator($"#queue tr[data-submission='{submissionId}']");
            await Assertions.Expect(row.Locator(".queue-reason")).ToContainTextAsync("could not decide");
            await Assertions.Expect(row.Locator(".queue-reason")).ToContainTextAsync("too many terms to compare");
            await Screenshots.TakeAsync(page, "ta-queue");

            await row.Locator("a:has-text('Review')").ClickAsync();
            var card = page.Locator($"#attempt-{submissionId}");
            await card.Locator("input[name=score]").FillAsync("0.5");
            await card.Locator("input[name=reason]").FillAsync("Equal to the reference; checked by hand.");
            await card.Locator("button:has-text('Override')").ClickAsync();
            await Assertions.Expect(page.Locator($"#attempt-{submissionId} .override")).ToContainTextAsync("checked by hand");

            await page.GotoAsync(queueUrl);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Review queue");
            await Assertions.Expect(page.Locator($"#queue tr[data-submission='{submissionId}']")).ToHaveCountAsync(0);
        });

    // An answer the engine could not decide, as the grading job stores one.
    private async Task<long> AddUndecidedAnswerAsync(string email, string answer)
    {
        var userId = await site.UserIdAsync(email);
        return await site.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Where(p => p.ProblemSet.Key == "week-1").OrderBy(p => p.Position).FirstAsync();
            var attempt = await db.Submissions.Where(s => s.UserId == userId && s.ProblemId == problem.Id).MaxAsync(s => (int?)s.AttemptNumber) ?? 0;
            var submission = new Submission
            {
                UserId = userId, ProblemId = problem.Id, AnswerText = answer, AttemptNumber = attempt + 1, ProblemVersion = problem.Version,
                GradingAttempts = 1, SubmittedAt = DateTimeOffset.UtcNow,
            };
            // The one writer of a grade, as the grading job uses it.
            submission.RecordGrade(new GraderHub.Grading.Answers.GradeResult(GraderHub.Grading.Answers.GradeVerdict.Undetermined, 0,
                "The engine found too many terms to compare; a person will look at it.", null), "test", problem.Version, DateTimeOffset.UtcNow);
            db.Submissions.Add(submission);
            await db.SaveChangesAsync();
            return submission.Id;
        });
    }
}
