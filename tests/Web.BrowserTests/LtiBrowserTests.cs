using System.Globalization;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Lti;
using GraderHub.Web.Tests.Lti;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// GraderHub inside an LMS: the test platform's course page launches the tool in its iframe
// (OIDC login, id_token, launch), a learner answers and the platform receives the score; an
// instructor deep-links a set and the platform receives the signed link. The administrator
// registers the platform through the admin page first, as a person would.
public sealed class LtiBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>, IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private TestPlatform _lms = null!;

    public async Task InitializeAsync()
    {
        _lms = await TestPlatform.StartAsync(site.BaseAddress.ToString(), () => _http.GetStringAsync(new Uri(site.BaseAddress, "/lti/jwks")));
        await Screenshots.RunAsync(site, output, "lti-admin-registers", async page =>
        {
            await Screenshots.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/lti");
            await Assertions.Expect(page.Locator("#lti-tool-values")).ToContainTextAsync(site.BaseAddress.ToString().TrimEnd('/') + "/lti/login");
            await page.Locator("#Issuer").FillAsync(_lms.Issuer);
            await page.Locator("#ClientId").FillAsync(_lms.ClientId);
            await page.Locator("#DeploymentIds").FillAsync(TestPlatform.Deployment);
            await page.Locator("#AuthUrl").FillAsync(_lms.AuthUrl);
            await page.Locator("#TokenUrl").FillAsync(_lms.TokenUrl);
            await page.Locator("#JwksUrl").FillAsync(_lms.JwksUrl);
            await page.ClickAsync("#lti-register-submit");
            await Assertions.Expect(page.Locator("#lti-notice")).ToContainTextAsync("Registered");
            await Assertions.Expect(page.Locator($"#lti-platforms tr[data-issuer='{_lms.Issuer}']")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "lti-admin");
        });
    }

    public async Task DisposeAsync()
    {
        await _lms.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Learner_LaunchesFromTheLms_AnswersAProblem_TheLmsReceivesTheScore()
    {
        var set = await site.WithDbAsync(db => db.ProblemSets.Where(s => s.IsPublished && s.DueAt == null).OrderBy(s => s.Week)
            .Select(s => new { s.Id, s.Title, Points = s.Problems.Sum(p => p.Points) }).FirstAsync());
        var subject = "learner-" + Guid.NewGuid().ToString("N")[..8];
        var email = subject + "@lms.test";
        var spec = new LaunchSpec(subject, "Lana Learner", LtiSpec.LearnerRole,
            Custom: new() { ["set_id"] = set.Id.ToString(CultureInfo.InvariantCulture) })
        { Email = email };

        await Screenshots.RunAsync(site, output, nameof(Learner_LaunchesFromTheLms_AnswersAProblem_TheLmsReceivesTheScore), async page =>
        {
            await page.GotoAsync(_lms.LaunchPage(spec));
            var tool = page.FrameLocator("#tool");
            // The launch lands on the set the link names, inside the LMS's frame.
            await Assertions.Expect(tool.Locator("h1")).ToHaveTextAsync(set.Title, new() { Timeout = 30_000 });
            await Assertions.Expect(tool.Locator("#signed-in-as")).ToHaveTextAsync(email);
            var answers = await Answers.ForAsync(site, email, q => q.Where(p => p.ProblemSetId == set.Id).OrderBy(p => p.Position));
            await tool.Locator($"[data-problem-key='{answers.ProblemKey}']").ClickAsync();
            await tool.Locator("#answer").PressSequentiallyAsync(answers.Right);
            await tool.Locator("#answer").PressAsync("Enter");
            await Assertions.Expect(tool.Locator("#attempts li.attempt").First).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
            await Screenshots.TakeAsync(page, "lti-learner-in-lms");
        });

        var points = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSetId == set.Id).OrderBy(p => p.Position).Select(p => p.Points).FirstAsync());
        await Until.TrueAsync(() => _lms.Scores.Any(s => s.UserId == subject && s.ScoreGiven == points),
            () => $"the LMS received no score of {points}: {string.Join(", ", _lms.Scores.Select(s => s.ScoreGiven))}");
        var score = _lms.Scores.Last(s => s.UserId == subject);
        Assert.Equal(set.Points, score.ScoreMaximum);
        Assert.Equal("FullyGraded", score.GradingProgress);
    }

    [Fact]
    public async Task Ta_ImportsTheLmsRoster_AndResendsAScoreTheLmsRefused()
    {
        var set = await site.WithDbAsync(db => db.ProblemSets.Where(s => s.IsPublished && s.DueAt == null).OrderBy(s => s.Week)
            .Select(s => new { s.Id, s.Title }).FirstAsync());
        var subject = "refused-" + Guid.NewGuid().ToString("N")[..8];
        var email = subject + "@lms.test";
        var never = "never-" + Guid.NewGuid().ToString("N")[..8];
        _lms.Members.Add((never, "Nora Neverlaunched", LtiSpec.LearnerRole));
        var spec = new LaunchSpec(subject, "Rhea Refused", LtiSpec.LearnerRole,
            Custom: new() { ["set_id"] = set.Id.ToString(CultureInfo.InvariantCulture) })
        { Email = email };

        // The LMS refuses the learner's score: the outbox gives up on it.
        _lms.ScoreStatus = 400;
        try
        {
            await Screenshots.RunAsync(site, output, nameof(Ta_ImportsTheLmsRoster_AndResendsAScoreTheLmsRefused) + "-learner", async page =>
            {
                await page.GotoAsync(_lms.LaunchPage(spec));
                var tool = page.FrameLocator("#tool");
                await Assertions.Expect(tool.Locator("h1")).ToHaveTextAsync(set.Title, new() { Timeout = 30_000 });
                var answers = await Answers.ForAsync(site, email, q => q.Where(p => p.ProblemSetId == set.Id).OrderBy(p => p.Position));
                await tool.Locator($"[data-problem-key='{answers.ProblemKey}']").ClickAsync();
                await tool.Locator("#answer").PressSequentiallyAsync(answers.Right);
                await tool.Locator("#answer").PressAsync("Enter");
                await Assertions.Expect(tool.Locator("#attempts li.attempt").First).ToHaveAttributeAsync("data-verdict", "correct", new() { Timeout = 30_000 });
            });
            await Until.TrueAsync(() => site.WithDbAsync(db => db.LtiScores.AnyAsync(s => s.Subject == subject && s.Status == LtiScoreStatus.Failed)),
                () => "the refused score was not marked refused");
        }
        finally
        {
            _lms.ScoreStatus = null;
        }
        var courseId = await site.WithDbAsync(db => db.LtiContextLinks.Where(c => c.Platform.Issuer == _lms.Issuer).Select(c => c.CourseId).FirstAsync());

        await Screenshots.RunAsync(site, output, nameof(Ta_ImportsTheLmsRoster_AndResendsAScoreTheLmsRefused), async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync("/reports");
            await page.ClickAsync($"a[href='/lti/courses/{courseId}/grades']");
            await Assertions.Expect(page.Locator("#lti-failed")).ToBeVisibleAsync();
            var row = page.Locator($"#lti-grades tr[data-set='{set.Id}']", new() { HasText = "Rhea Refused" });
            await Assertions.Expect(row.Locator(".outbox")).ToContainTextAsync("refused");
            await row.Locator(".lti-resend").ClickAsync();
            await Assertions.Expect(page.Locator("#lti-notice")).ToHaveTextAsync("1 score(s) queued to send.");
            await Screenshots.TakeAsync(page, "lti-grades-resent");

            // "Resend every difference" is there for the rest; then the roster.
            await page.ClickAsync("#lti-resend-all");
            await Assertions.Expect(page.Locator("#lti-notice")).ToContainTextAsync("score(s) queued to send.");
            await page.ClickAsync($"a[href='/lti/courses/{courseId}/roster']");
            await Assertions.Expect(page.Locator("#lti-roster")).Not.ToContainTextAsync("Nora Neverlaunched");
            await Screenshots.FollowAsync(page, "#lti-import");
            await Assertions.Expect(page.Locator("#lti-notice")).ToContainTextAsync("member(s) imported from the LMS.");
            await Assertions.Expect(page.Locator(".lti-error")).ToHaveCountAsync(0);
            var nora = page.Locator("#lti-roster tr", new() { HasText = "Nora Neverlaunched" });
            await Assertions.Expect(nora).ToContainTextAsync("never launched");
            await Assertions.Expect(page.Locator("#lti-roster tr", new() { HasText = "Rhea Refused" })).ToHaveAttributeAsync("data-launched", "true");
            await Screenshots.TakeAsync(page, "lti-roster-imported");
        });

        // The LMS now holds the score it refused.
        await Until.TrueAsync(() => _lms.Scores.Any(s => s.UserId == subject), () => "the resent score did not reach the LMS");
    }

    [Fact]
    public async Task Admin_RemovesAnOldPlatform_AndRotatesTheToolKey()
    {
        var old = "https://old-lms-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        await Screenshots.RunAsync(site, output, nameof(Admin_RemovesAnOldPlatform_AndRotatesTheToolKey), async page =>
        {
            await Screenshots.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/lti");
            await page.Locator("#Issuer").FillAsync(old);
            await page.Locator("#ClientId").FillAsync("graderhub-old");
            await page.Locator("#DeploymentIds").FillAsync("old-deployment");
            await page.Locator("#AuthUrl").FillAsync(old + "/auth");
            await page.Locator("#TokenUrl").FillAsync(old + "/token");
            await page.Locator("#JwksUrl").FillAsync(old + "/jwks");
            await page.ClickAsync("#lti-register-submit");
            var oldRow = page.Locator($"#lti-platforms tr[data-issuer='{old}']");
            await Assertions.Expect(oldRow).ToBeVisibleAsync();
            // The key rows below are counted once, so on the whole page.
            await Screenshots.FollowAsync(oldRow.GetByRole(AriaRole.Button, new() { Name = "Remove" }));
            await Assertions.Expect(page.Locator("#lti-notice")).ToHaveTextAsync("Platform removed.");
            await Assertions.Expect(oldRow).ToHaveCountAsync(0);
            // The LMS in use stays.
            await Assertions.Expect(page.Locator($"#lti-platforms tr[data-issuer='{_lms.Issuer}']")).ToBeVisibleAsync();

            var keys = await page.Locator("#lti-keys tbody tr").CountAsync();
            await page.ClickAsync("#lti-rotate");
            await Assertions.Expect(page.Locator("#lti-notice")).ToContainTextAsync("New key");
            await Assertions.Expect(page.Locator("#lti-keys tbody tr")).ToHaveCountAsync(keys + 1);
            await Assertions.Expect(page.Locator("#lti-keys tbody tr .badge", new() { HasText = "active" })).ToHaveCountAsync(1);
            await Screenshots.TakeAsync(page, "lti-admin-rotated");
        });
    }

    [Fact]
    public async Task Instructor_LaunchesDeepLinking_PicksASet_TheLmsReceivesTheLink()
    {
        var set = await site.WithDbAsync(db => db.ProblemSets.Where(s => s.IsPublished).OrderBy(s => s.Week)
            .Select(s => new { s.Id, s.Title, Points = s.Problems.Sum(p => p.Points) }).FirstAsync());
        var spec = new LaunchSpec("teacher-" + Guid.NewGuid().ToString("N")[..8], "Ivo Instructor", LtiSpec.InstructorRole,
            ResourceLinkId: null, MessageType: LtiSpec.DeepLinkingRequest);

        await Screenshots.RunAsync(site, output, nameof(Instructor_LaunchesDeepLinking_PicksASet_TheLmsReceivesTheLink), async page =>
        {
            await page.GotoAsync(_lms.LaunchPage(spec));
            var tool = page.FrameLocator("#tool");
            await Assertions.Expect(tool.Locator("#lti-deep-link")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await tool.Locator($"input[value='set:{set.Id}']").CheckAsync();
            await Screenshots.TakeAsync(page, "lti-deep-link-picker");
            await tool.Locator("#lti-dl-submit").ClickAsync();
            // The signed response goes back to the LMS, which says what it linked.
            await Assertions.Expect(tool.Locator("#platform-linked")).ToHaveTextAsync($"Linked: {set.Title}", new() { Timeout = 30_000 });
        });

        var item = Assert.Single(_lms.DeepLinkItems);
        Assert.Equal(set.Id.ToString(CultureInfo.InvariantCulture), item["custom"]!["set_id"]!.GetValue<string>());
        Assert.Equal(set.Points, item["lineItem"]!["scoreMaximum"]!.GetValue<double>());
    }
}
