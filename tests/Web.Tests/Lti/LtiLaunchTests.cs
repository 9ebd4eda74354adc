using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Lti;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Lti;

[Collection(WebCollection.Name)]
public sealed class LtiLaunchTests(WebHostFixture host)
{
    [Theory]
    [InlineData(LtiSpec.LearnerRole, CourseRole.Student)]
    [InlineData(LtiSpec.TeachingAssistantRole, CourseRole.TA)]
    [InlineData(LtiSpec.InstructorRole, CourseRole.Instructor)]
    public async Task Launch_MatchesUserBySubject_EnrolsWithTheLmsRole_OpensTheLinkedSet(string lmsRole, CourseRole expected)
    {
        await using var kit = await LtiKit.StartAsync(host);
        var (setId, _) = await kit.Course.SetAsync(1, null, 0, ("p1", 2));
        var browser = host.CreateBrowserClient();
        var spec = new LaunchSpec("sub-" + Guid.NewGuid().ToString("N")[..8], "Lee Learner", lmsRole,
            Custom: new() { ["set_id"] = setId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var first = await kit.LaunchAsync(browser, spec);

        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        Assert.Equal($"/sets/{setId}", LtiKit.Destination(first.Html));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/sets/{setId}")).StatusCode);
        var userId = await kit.UserOfAsync(spec.Subject);
        Assert.Equal(expected, await host.WithDbAsync(db => db.Enrollments.Where(e => e.UserId == userId && e.CourseId == kit.Course.CourseId)
            .Select(e => e.Role).SingleAsync()));
        // The second launch, in another browser, is the same person.
        await kit.LaunchAsync(host.CreateBrowserClient(), spec);
        Assert.Equal(userId, await kit.UserOfAsync(spec.Subject));
        Assert.Equal(1, await host.WithDbAsync(db => db.Enrollments.CountAsync(e => e.UserId == userId)));
    }

    public static TheoryData<string, LaunchRefusal> BadTokens => new()
    {
        { "wrong audience", LaunchRefusal.WrongAudience },
        { "expired", LaunchRefusal.Expired },
        { "unknown deployment", LaunchRefusal.UnknownDeployment },
        { "signed by another key", LaunchRefusal.BadSignature },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Launch_WithABadToken_IsRefusedWithAClearPage_AndLogged(string fault, LaunchRefusal refusal)
    {
        await using var kit = await LtiKit.StartAsync(host);
        var sub = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var spec = new LaunchSpec(sub, "Mallory", LtiSpec.LearnerRole) switch
        {
            var s when fault == "wrong audience" => s with { Audience = "some-other-tool" },
            var s when fault == "expired" => s with { ExpiresIn = TimeSpan.FromMinutes(-5) },
            var s when fault == "unknown deployment" => s with { DeploymentId = "deployment-nobody-registered" },
            var s => s with { SignWithOtherKey = true },
        };
        var before = await RefusalsAsync(refusal);

        var trace = await kit.LaunchAsync(host.CreateBrowserClient(), spec);

        Assert.Equal(HttpStatusCode.BadRequest, trace.Response.StatusCode);
        Assert.Contains($"data-refusal=\"{refusal}\"", trace.Html, StringComparison.Ordinal);
        Assert.Contains(LaunchRefusals.Explain(refusal), WebUtility.HtmlDecode(trace.Html), StringComparison.Ordinal);
        Assert.Equal(before + 1, await RefusalsAsync(refusal));
        Assert.False(await host.WithDbAsync(db => db.LtiUserLinks.AnyAsync(l => l.Subject == sub)));
    }

    [Fact]
    public async Task Launch_Replayed_IsRefused_BothTheSamePostAndTheTokenWithANewState()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var browser = host.CreateBrowserClient();
        var spec = new LaunchSpec("replay-" + Guid.NewGuid().ToString("N")[..8], "Rita Replay", LtiSpec.LearnerRole);
        var first = await kit.LaunchAsync(browser, spec);
        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);

        var samePost = await LtiKit.PostLaunchAsync(browser, first.IdToken, first.State);
        Assert.Equal(HttpStatusCode.BadRequest, samePost.Response.StatusCode);
        Assert.Contains($"data-refusal=\"{LaunchRefusal.StateUsed}\"", samePost.Html, StringComparison.Ordinal);

        // A fresh login (new state and nonce) with the old token: its nonce belongs to the old launch.
        var again = await kit.LaunchAsync(browser, spec, _ => first.IdToken);
        Assert.Equal(HttpStatusCode.BadRequest, again.Response.StatusCode);
        Assert.Contains($"data-refusal=\"{LaunchRefusal.NonceMismatch}\"", again.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_FromAnUnregisteredPlatform_IsRefusedWithAClearPage_AndLogged()
    {
        await using var kit = await LtiKit.StartAsync(host);
        await using var stranger = await TestPlatform.StartAsync("http://localhost", () => host.CreateClient().GetStringAsync("/lti/jwks"));
        var before = await RefusalsAsync(LaunchRefusal.UnknownPlatform);

        var response = await host.CreateBrowserClient().PostAsync("/lti/login",
            new FormUrlEncodedContent(stranger.LoginParameters(stranger.Register(new LaunchSpec("x", "X", LtiSpec.LearnerRole)))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("This LMS is not registered with GraderHub", html, StringComparison.Ordinal);
        Assert.Equal(before + 1, await RefusalsAsync(LaunchRefusal.UnknownPlatform));
    }

    [Fact]
    public async Task Launch_WhoseStateCookieTheFrameDropped_OffersANewWindow_ThatCompletesTheLaunch()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var spec = new LaunchSpec("frame-" + Guid.NewGuid().ToString("N")[..8], "Fran Frame", LtiSpec.LearnerRole);
        var launchId = kit.Lms.Register(spec);
        var framed = host.CreateBrowserClient();
        using var login = await framed.PostAsync("/lti/login", new FormUrlEncodedContent(kit.Lms.LoginParameters(launchId)));
        using var platform = new HttpClient();
        var page = await platform.GetStringAsync(login.Headers.Location!);

        // Another cookie jar: the browser kept no cookie from inside the LMS's frame.
        var blocked = await LtiKit.PostLaunchAsync(host.CreateBrowserClient(), LtiKit.Field(page, "id_token"), LtiKit.Field(page, "state"));

        Assert.Equal(HttpStatusCode.BadRequest, blocked.Response.StatusCode);
        var restart = LtiKit.Field(blocked.Html.Replace("id=\"lti-open-window\" href", "name=\"restart\" value", StringComparison.Ordinal), "restart");
        Assert.StartsWith("/lti/login?", restart, StringComparison.Ordinal);
        // The new window starts the login again, first-party, and completes.
        var window = host.CreateBrowserClient();
        using var again = await window.GetAsync(restart);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var secondPage = await platform.GetStringAsync(again.Headers.Location!);
        var launched = await LtiKit.PostLaunchAsync(window, LtiKit.Field(secondPage, "id_token"), LtiKit.Field(secondPage, "state"));
        Assert.Equal(HttpStatusCode.OK, launched.Response.StatusCode);
    }

    [Fact]
    public async Task ResumeCode_SignsInOnceInANewWindow()
    {
        await using var kit = await LtiKit.StartAsync(host);
        var trace = await kit.LaunchAsync(host.CreateBrowserClient(), new LaunchSpec("resume-" + Guid.NewGuid().ToString("N")[..8], "Ray", LtiSpec.LearnerRole));
        var resume = LtiKit.Field(trace.Html.Replace("id=\"lti-new-window\" href", "name=\"resume\" value", StringComparison.Ordinal), "resume");

        var window = host.CreateBrowserClient();
        using var first = await window.GetAsync(resume);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await window.GetAsync("/")).StatusCode);
        using var second = await host.CreateBrowserClient().GetAsync(resume);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Fact]
    public async Task RefusedLaunches_FromAnonymousCallers_KeepABoundedAuditTrail()
    {
        var client = host.CreateBrowserClient();
        var lastBefore = await host.WithDbAsync(db => db.AuditLog.MaxAsync(a => (long?)a.Id)) ?? 0;
        try
        {
            for (var i = 0; i < LaunchFlow.MaxRefusalsKept + 2 * LaunchFlow.PruneEvery; i++)
            {
                using var refused = await client.GetAsync($"/lti/login?flood={i}");
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            }
            var kept = await host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == LaunchFlow.RefusedAction));
            var newest = await host.WithDbAsync(db => db.AuditLog.Where(a => a.Action == LaunchFlow.RefusedAction).MaxAsync(a => a.Id));
            Assert.InRange(kept, LaunchFlow.MaxRefusalsKept, LaunchFlow.MaxRefusalsKept + LaunchFlow.PruneEvery);
            Assert.True(newest > lastBefore, "the newest refusal is kept");
        }
        finally
        {
            // Leave the shared log as the other tests found it: they count refusals before and after.
            await host.WithDbAsync(db => db.AuditLog.Where(a => a.Id > lastBefore && a.Action == LaunchFlow.RefusedAction).ExecuteDeleteAsync());
        }
    }

    private Task<int> RefusalsAsync(LaunchRefusal refusal) =>
        host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "lti.refused" && a.EntityId == refusal.ToString()));
}
