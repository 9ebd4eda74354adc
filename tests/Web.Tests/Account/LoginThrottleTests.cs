using System.Net;
using System.Net.Http.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Account;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Account;

// Issue 11, item 6: failed sign-ins are throttled per client and per account (429 with
// Retry-After on the page and the API), and no stranger can lock a student out.
[Collection(WebCollection.Name)]
public sealed class LoginThrottleTests(WebHostFixture host)
{
    private HttpClient ClientAt(string address)
    {
        var client = host.CreateBrowserClient();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        WebHostFixture.PostFormAsync(client, "/account/login", "/account/login", new() { ["Email"] = email, ["Password"] = password });

    private static string UnknownEmail() => $"nobody-{Guid.NewGuid():N}@test.local";

    [Fact]
    public async Task Page_SixthFailureFromOneClient_Is429WithRetryAfterAndMessage_UntilItPasses()
    {
        // The throttle's first wait is one second: a frozen clock keeps a slow request from outliving it.
        using var frozen = host.Clock.Freeze();
        var free = new LoginThrottleOptions().ClientFreeFailures;
        var student = await host.CreateUserAsync(Roles.Student);
        var client = ClientAt(TestClientAddress.NewAddress());
        for (var i = 0; i < free; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, UnknownEmail(), "wrong-password")).StatusCode);

        // Even the right password waits: otherwise the throttle only slows wrong guesses.
        var throttled = await SignInAsync(client, student.Email, WebHostFixture.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 900);
        Assert.Contains("Too many failed sign-ins; try again in", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await client.PostAsJsonAsync("/api/auth/login", new { email = student.Email, password = WebHostFixture.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.True(api.Headers.Contains("Retry-After"));

        using (host.Clock.Travel(TimeSpan.FromSeconds(retryAfter + 1)))
            Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, student.Email, WebHostFixture.Password)).StatusCode);
    }

    [Fact]
    public async Task Api_FailuresFromOneClient_Are401ThenThrottled_AndTheDelayGrows()
    {
        // The throttle's first wait is one second: a frozen clock keeps a slow request from outliving it.
        using var frozen = host.Clock.Freeze();
        var free = new LoginThrottleOptions().ClientFreeFailures;
        var client = ClientAt(TestClientAddress.NewAddress());
        for (var i = 0; i < free; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = UnknownEmail(), password = "x" })).StatusCode);

        var first = await client.PostAsJsonAsync("/api/auth/login", new { email = UnknownEmail(), password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        var wait1 = int.Parse(first.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);

        using (host.Clock.Travel(TimeSpan.FromSeconds(wait1 + 1)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = UnknownEmail(), password = "x" })).StatusCode);
            var second = await client.PostAsJsonAsync("/api/auth/login", new { email = UnknownEmail(), password = "x" });
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
            Assert.True(int.Parse(second.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > wait1);
        }
    }

    [Fact]
    public async Task Account_FailuresFromManyClients_AreThrottledTogether_KnownAndUnknownAlike()
    {
        // The throttle's first wait is one second: a frozen clock keeps a slow request from outliving it.
        using var frozen = host.Clock.Freeze();
        var free = new LoginThrottleOptions().AccountFreeFailures;
        var student = await host.CreateUserAsync(Roles.Student);
        foreach (var email in new[] { student.Email, UnknownEmail() })
        {
            for (var i = 0; i < free; i++)
                Assert.Equal(HttpStatusCode.OK, (await SignInAsync(ClientAt(TestClientAddress.NewAddress()), email, "wrong-password")).StatusCode);

            var fromNewClient = await SignInAsync(ClientAt(TestClientAddress.NewAddress()), email, "wrong-password");

            // The same answer for an account that exists and one that does not.
            Assert.Equal(HttpStatusCode.TooManyRequests, fromNewClient.StatusCode);
        }
    }

    [Fact]
    public async Task Stranger_ManyWrongPasswords_CannotLockTheStudentOut()
    {
        var student = await host.CreateUserAsync(Roles.Student);
        var studentBrowser = ClientAt(TestClientAddress.NewAddress());
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(studentBrowser, student.Email, WebHostFixture.Password)).StatusCode);
        await WebHostFixture.PostFormAsync(studentBrowser, "/", "/account/logout", []);

        // 30 wrong passwords from one stranger and 30 from a botnet of strangers.
        var stranger = ClientAt(TestClientAddress.NewAddress());
        for (var i = 0; i < 30; i++)
        {
            var response = await SignInAsync(stranger, student.Email, "guess-" + i);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, response.StatusCode.ToString());
            await SignInAsync(ClientAt(TestClientAddress.NewAddress()), student.Email, "guess-" + i);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(studentBrowser, student.Email, WebHostFixture.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await studentBrowser.GetAsync("/")).StatusCode);
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(student.Id))!;
        Assert.False(await users.IsLockedOutAsync(user));
        Assert.Equal(0, await users.GetAccessFailedCountAsync(user));
    }

    [Theory]
    [InlineData("Short-pw-1", false)]
    [InlineData("alllowercase-and-long-1", false)]
    [InlineData("Long-enough-pw-1", true)]
    public async Task NewAccount_PasswordRules_AreIdentitysWithTwelveCharacters(string password, bool accepted)
    {
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"rules-{Guid.NewGuid():N}@test.local";

        var created = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = email }, password);

        Assert.Equal(accepted, created.Succeeded);
    }
}
