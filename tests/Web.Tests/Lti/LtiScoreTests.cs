using System.Globalization;
using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Lti;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Lti;

// Grades back to the LMS (AGS): the score of a student's set as GraderHub prices it, through the
// outbox, whatever the LMS answers on the way.
[Collection(WebCollection.Name)]
public sealed class LtiScoreTests(WebHostFixture host)
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(HttpClient Browser, string UserId, string Subject, int SetId, int[] Problems)> LearnerAsync(LtiKit kit)
    {
        var (setId, problems) = await kit.Course.SetAsync(1, null, 0, ("p1", 2), ("p2", 3));
        var (browser, userId, subject) = await LaunchLearnerAsync(kit, setId);
        return (browser, userId, subject, setId, problems);
    }

    private async Task<(HttpClient Browser, string UserId, string Subject)> LaunchLearnerAsync(LtiKit kit, int setId)
    {
        var browser = host.CreateBrowserClient();
        var subject = "learner-" + Guid.NewGuid().ToString("N")[..8];
        var trace = await kit.LaunchAsync(browser, new LaunchSpec(subject, "Lou Learner", LtiSpec.LearnerRole, Custom: new() { ["set_id"] = Id(setId) }));
        Assert.Equal(HttpStatusCode.OK, trace.Response.StatusCode);
        return (browser, await kit.UserOfAsync(subject), subject);
    }

    private static async Task AnswerAsync(HttpClient browser, int problemId, string answer)
    {
        var response = await WebHostFixture.PostFormAsync(browser, $"/problems/{problemId}", $"/problems/{problemId}", new() { ["answer"] = answer });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task RightAnswer_ThePlatformReceivesTheSetScore_OnItsOwnLineItem()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var (browser, _, subject, setId, problems) = await LearnerAsync(kit);

        await AnswerAsync(browser, problems[0], "2x cos(x^2)");

        await LtiKit.WaitAsync(() => Task.FromResult(kit.Lms.Scores.Any(s => s.UserId == subject)), "score at the platform");
        var score = kit.Lms.Scores.Single(s => s.UserId == subject);
        Assert.Equal(2, score.ScoreGiven);
        Assert.Equal(5, score.ScoreMaximum);
        Assert.Equal("InProgress", score.ActivityProgress);
        Assert.Equal("FullyGraded", score.GradingProgress);
        var lineItem = kit.Lms.LineItems[score.LineItem];
        Assert.Equal("set-" + Id(setId), lineItem.ResourceId);
        Assert.Equal(5, lineItem.ScoreMaximum);
        Assert.True(kit.Lms.TokenRequests >= 1);
    }

    // The score sent is priced by the learner's own dates: after the set's due date but before
    // their extended one, no late penalty; the same answer from a learner without the extension
    // loses a started day's 25 %.
    [Fact]
    public async Task Extension_ScoreAfterTheSetsDueButBeforeTheLearnersOwn_IsPublishedWithoutLatePenalty()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var due = host.Clock.GetUtcNow().AddHours(-1);
        var (setId, problems) = await kit.Course.SetAsync(1, due, 0.25, ("p1", 2), ("p2", 3));
        var extended = await LaunchLearnerAsync(kit, setId);
        var plain = await LaunchLearnerAsync(kit, setId);
        var ta = await kit.Course.StaffAsync(CourseRole.TA);
        await host.WithDbAsync(async db =>
        {
            db.ScheduleOverrides.Add(new ScheduleOverride
            {
                ProblemSetId = setId, UserId = extended.UserId, DueAt = due.AddDays(2), Reason = "illness", ByUserId = ta.Id,
                CreatedAt = host.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        await AnswerAsync(extended.Browser, problems[0], "2x cos(x^2)");
        await AnswerAsync(plain.Browser, problems[0], "2x cos(x^2)");

        // The scores as the platform received them. The two first scores of the set race for its
        // line item (ScoreSender remembers the one the other stored first).
        async Task<(double Given, double Maximum)> PublishedAsync(string subject)
        {
            await LtiKit.WaitAsync(() => Task.FromResult(kit.Lms.Scores.Any(x => x.UserId == subject && x.GradingProgress == "FullyGraded")),
                "a graded score at the platform", 60);
            var received = kit.Lms.Scores.Last(x => x.UserId == subject && x.GradingProgress == "FullyGraded");
            return (received.ScoreGiven, received.ScoreMaximum);
        }
        var onTime = await PublishedAsync(extended.Subject);
        Assert.Equal((2.0, 5.0), onTime);
        var late = await PublishedAsync(plain.Subject);
        Assert.Equal((1.5, 5.0), late);
    }

    // Three 5xx answers, each retried after a doubling delay: the retry jobs may start up to a
    // second early (Hangfire's whole-second schedule), and such a job must reschedule itself.
    [Fact]
    public async Task ScoreEndpointFailsThreeTimes_TheScoreArrivesOnce()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var (browser, userId, subject, _, problems) = await LearnerAsync(kit);
        kit.Lms.FailNextScores(3);

        await AnswerAsync(browser, problems[1], "2x cos(x^2)");

        await LtiKit.WaitAsync(async () => await kit.ScoresAsync(userId, LtiScoreStatus.Sent) == 1, "score sent after the retries");
        Assert.Single(kit.Lms.Scores, s => s.UserId == subject);
        Assert.Equal(4, kit.Lms.ScoreRequests);
        var row = await host.WithDbAsync(db => db.LtiScores.SingleAsync(s => s.UserId == userId));
        Assert.Equal(4, row.Attempts);
        Assert.Equal(3, kit.Lms.Scores.Single(s => s.UserId == subject).ScoreGiven);
    }

    [Fact]
    public async Task RefusalThatWillNotHeal_IsShownToStaff_NotRetried_AndResendAfterTheFixArrives()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var (browser, userId, subject, setId, problems) = await LearnerAsync(kit);
        kit.Lms.ScoreStatus = 422;

        await AnswerAsync(browser, problems[0], "2x cos(x^2)");

        await LtiKit.WaitAsync(async () => await kit.ScoresAsync(userId, LtiScoreStatus.Failed) == 1, "score marked refused");
        await Task.Delay(1500);
        Assert.Equal(1, kit.Lms.ScoreRequests);
        var ta = await kit.Course.StaffAsync(CourseRole.TA);
        var staff = await host.SignedInClientAsync(ta);
        var page = await staff.GetStringAsync($"/lti/courses/{kit.Course.CourseId}/grades");
        Assert.Contains("id=\"lti-failed\"", page, StringComparison.Ordinal);
        Assert.Contains("422", page, StringComparison.Ordinal);
        Assert.Contains("refused by the test", page, StringComparison.Ordinal);

        kit.Lms.ScoreStatus = null;
        var resend = await WebHostFixture.PostFormAsync(staff, $"/lti/courses/{kit.Course.CourseId}/grades",
            $"/lti/courses/{kit.Course.CourseId}/grades/resend", []);
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        await LtiKit.WaitAsync(() => Task.FromResult(kit.Lms.Scores.Any(s => s.UserId == subject)), "resent score at the platform");
        await LtiKit.WaitAsync(async () => await kit.ScoresAsync(userId, LtiScoreStatus.Sent) == 1, "resent score marked sent");
        var after = await staff.GetStringAsync($"/lti/courses/{kit.Course.CourseId}/grades");
        Assert.Contains($"data-set=\"{setId}\" data-agrees=\"true\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_SendsTheNewScoreWithTheReasonAsComment_AndTheReconciliationAgrees()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var (browser, userId, subject, setId, problems) = await LearnerAsync(kit);
        await AnswerAsync(browser, problems[0], "cos(x^2)");
        await LtiKit.WaitAsync(() => Task.FromResult(kit.Lms.Scores.Any(s => s.UserId == subject)), "first score");
        Assert.Equal(0, kit.Lms.Scores.Single(s => s.UserId == subject).ScoreGiven);
        var ta = await kit.Course.StaffAsync(CourseRole.TA);
        var staff = await host.SignedInClientAsync(ta);
        var submission = await host.WithDbAsync(db => db.Submissions.Where(s => s.UserId == userId).Select(s => s.Id).SingleAsync());
        var review = $"/review/problems/{problems[0]}/students/{userId}";

        var posted = await WebHostFixture.PostFormAsync(staff, review, $"/review/submissions/{submission}/override",
            new() { ["score"] = "0.5", ["reason"] = "Chain rule half right" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        await LtiKit.WaitAsync(() => Task.FromResult(kit.Lms.Scores.Count(s => s.UserId == subject) == 2), "override at the platform");
        var latest = kit.Lms.Scores.Where(s => s.UserId == subject).MaxBy(s => s.Timestamp)!;
        Assert.Equal(1, latest.ScoreGiven);
        Assert.Contains("Chain rule half right", latest.Comment, StringComparison.Ordinal);
        var page = await staff.GetStringAsync($"/lti/courses/{kit.Course.CourseId}/grades");
        Assert.Contains($"data-user=\"{userId}\" data-set=\"{setId}\" data-agrees=\"true\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_ImportsTheLmsMembers_AndShowsWhoNeverLaunched()
    {
        await using var kit = await LtiKit.StartAsync(host);
        await LearnerAsync(kit);
        kit.Lms.Members.Add(("roster-" + Guid.NewGuid().ToString("N")[..8], "Nora Neverlaunched", LtiSpec.LearnerRole));
        kit.Lms.Members.Add(("roster-" + Guid.NewGuid().ToString("N")[..8], "Tina Assistant", LtiSpec.TeachingAssistantRole));
        var instructor = await kit.Course.StaffAsync(CourseRole.Instructor);
        var staff = await host.SignedInClientAsync(instructor);

        var response = await WebHostFixture.PostFormAsync(staff, $"/lti/courses/{kit.Course.CourseId}/roster", $"/lti/courses/{kit.Course.CourseId}/roster", []);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2 member(s) imported", html, StringComparison.Ordinal);
        Assert.Contains("Nora Neverlaunched", html, StringComparison.Ordinal);
        Assert.Contains("never launched", html, StringComparison.Ordinal);
        var tina = await host.WithDbAsync(db => db.Enrollments.Where(e => e.CourseId == kit.Course.CourseId && e.User.DisplayName == "Tina Assistant")
            .Select(e => e.Role).SingleAsync());
        Assert.Equal(CourseRole.TA, tina);
    }

    [Fact]
    public async Task DeepLinking_InstructorPicksASet_ThePlatformReceivesASignedLinkWithALineItem_ThatLaunchesTheSet()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var (setId, _) = await kit.Course.SetAsync(2, null, 0, ("q1", 4), ("q2", 1));
        var browser = host.CreateBrowserClient();
        var trace = await kit.LaunchAsync(browser, new LaunchSpec("teacher-" + Guid.NewGuid().ToString("N")[..8], "Ines Instructor",
            LtiSpec.InstructorRole, ResourceLinkId: null, MessageType: LtiSpec.DeepLinkingRequest));
        var picker = LtiKit.Destination(trace.Html);
        Assert.StartsWith($"/lti/courses/{kit.Course.CourseId}/deep-link?ticket=", picker, StringComparison.Ordinal);

        var response = await WebHostFixture.PostFormAsync(browser, picker, $"/lti/courses/{kit.Course.CourseId}/deep-link",
            new() { ["choice"] = "set:" + Id(setId) });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"action=\"{kit.Lms.Issuer}/deeplink/return\"", html, StringComparison.Ordinal);
        Assert.Contains($"form-action 'self' {kit.Lms.Issuer}", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var platform = new HttpClient();
        var returned = await platform.PostAsync(kit.Lms.Issuer + "/deeplink/return", new FormUrlEncodedContent(new Dictionary<string, string> { ["JWT"] = LtiKit.Field(html, "JWT") }));
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var item = Assert.Single(kit.Lms.DeepLinkItems);
        Assert.Equal("ltiResourceLink", item["type"]!.GetValue<string>());
        Assert.Equal(Id(setId), item["custom"]!["set_id"]!.GetValue<string>());
        Assert.Equal(5, item["lineItem"]!["scoreMaximum"]!.GetValue<double>());
        Assert.Equal("set-" + Id(setId), item["lineItem"]!["resourceId"]!.GetValue<string>());

        // The ticket is single use.
        var again = await WebHostFixture.ForgedPostAsync(browser, $"/lti/courses/{kit.Course.CourseId}/deep-link",
            new() { ["ticket"] = picker.Split('=')[1], ["choice"] = "set:" + Id(setId) });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        // The LMS then launches the link it made, with its line item: a learner lands on the set.
        var lineItem = kit.Lms.CreateLineItem("course-1", "Week 2", 5, "set-" + Id(setId));
        var learner = await kit.LaunchAsync(host.CreateBrowserClient(), new LaunchSpec("l-" + Guid.NewGuid().ToString("N")[..8], "Lia", LtiSpec.LearnerRole,
            ResourceLinkId: "dl-link", Custom: new() { ["set_id"] = Id(setId) })
        { LineItemUrl = lineItem.Id });
        Assert.Equal($"/sets/{setId}", LtiKit.Destination(learner.Html));
        Assert.Equal(lineItem.Id, await host.WithDbAsync(db => db.LtiLineItems.Where(l => l.ProblemSetId == setId).Select(l => l.Url).SingleAsync()));
    }
}
