using System.Net;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Lti;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Lti;

public sealed record LaunchTrace(HttpResponseMessage Response, string Html, string IdToken, string State);

// A course of its own, a test platform registered for it, and a browser's side of the launch: the
// LMS's login initiation POST, the redirect to the platform's authorisation endpoint (a real HTTP
// request to the platform), and the platform's form post of the id_token back to the tool.
public sealed partial class LtiKit : IAsyncDisposable
{
    private readonly WebHostFixture _host;
    private static readonly HttpClient Platform = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    private LtiKit(WebHostFixture host, TestPlatform platform, CourseBuilder course)
    {
        _host = host;
        Lms = platform;
        Course = course;
    }

    public TestPlatform Lms { get; }
    public CourseBuilder Course { get; }

    public static async Task<LtiKit> StartAsync(WebHostFixture host)
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var platform = await TestPlatform.StartAsync("http://localhost", () => host.CreateClient().GetStringAsync("/lti/jwks"));
        var kit = new LtiKit(host, platform, course);
        await kit.RegisterAsync(platform);
        return kit;
    }

    public Task RegisterAsync(TestPlatform platform) => _host.WithDbAsync(async db =>
    {
        using var scope = _host.Services.CreateScope();
        var errors = await scope.ServiceProvider.GetRequiredService<PlatformRegistry>().RegisterAsync(new PlatformSettings
        {
            Issuer = platform.Issuer, ClientId = platform.ClientId, DeploymentIds = [TestPlatform.Deployment],
            AuthUrl = platform.AuthUrl, TokenUrl = platform.TokenUrl, JwksUrl = platform.JwksUrl, CourseId = Course.CourseId,
        }, CancellationToken.None);
        Assert.Empty(errors);
        return 0;
    });

    // The whole launch as a browser makes it; the returned client keeps the tool's cookies.
    public async Task<LaunchTrace> LaunchAsync(HttpClient browser, LaunchSpec spec, Func<string, string>? tamperToken = null)
    {
        var launchId = Lms.Register(spec);
        using var login = await browser.PostAsync("/lti/login", new FormUrlEncodedContent(Lms.LoginParameters(launchId)));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var auth = login.Headers.Location!;
        Assert.StartsWith(Lms.AuthUrl, auth.OriginalString, StringComparison.Ordinal);
        var page = await Platform.GetStringAsync(auth);
        var token = Field(page, "id_token");
        var state = Field(page, "state");
        if (tamperToken is not null) token = tamperToken(token);
        return await PostLaunchAsync(browser, token, state);
    }

    public static async Task<LaunchTrace> PostLaunchAsync(HttpClient browser, string idToken, string state)
    {
        var response = await browser.PostAsync("/lti/launch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token"] = idToken, ["state"] = state,
        }));
        return new LaunchTrace(response, await response.Content.ReadAsStringAsync(), idToken, state);
    }

    public static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"name=[\"']{name}[\"'] value=[\"']([^\"']*)[\"']");
        Assert.True(match.Success, $"no field {name} in {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static string Destination(string launchedHtml) => WebUtility.HtmlDecode(DestinationPattern().Match(launchedHtml).Groups[1].Value);

    public Task<int> ScoresAsync(string userId, LtiScoreStatus status) =>
        _host.WithDbAsync(db => db.LtiScores.CountAsync(s => s.UserId == userId && s.Status == status));

    public static async Task WaitAsync(Func<Task<bool>> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {seconds} s");
            await Task.Delay(100);
        }
    }

    public Task<string> UserOfAsync(string subject) => _host.WithDbAsync(db =>
        db.LtiUserLinks.Where(l => l.Subject == subject && l.Platform.Issuer == Lms.Issuer).Select(l => l.UserId).SingleAsync());

    public ValueTask DisposeAsync() => Lms.DisposeAsync();

    [GeneratedRegex("id=\"lti-launched\" data-destination=\"([^\"]+)\"")]
    private static partial Regex DestinationPattern();
}
