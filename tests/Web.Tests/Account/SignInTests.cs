using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Account;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebHostFixture host)
{
    [Fact]
    public async Task SignIn_CorrectPassword_RedirectsAndShowsDashboard()
    {
        var student = await host.CreateUserAsync(Roles.Student);
        var client = host.CreateBrowserClient();

        var response = await WebHostFixture.PostFormAsync(client, "/account/login", "/account/login?returnUrl=%2F",
            new() { ["Email"] = student.Email, ["Password"] = WebHostFixture.Password, ["ReturnUrl"] = "/" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("Your problem sets", html, StringComparison.Ordinal);
        Assert.Contains(student.Email, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPassword_StaysOnFormWithError()
    {
        var student = await host.CreateUserAsync(Roles.Student);
        var client = host.CreateBrowserClient();

        var response = await WebHostFixture.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["Email"] = student.Email, ["Password"] = "not-the-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("do not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_OffSiteReturnUrl_GoesToDashboardInstead()
    {
        var student = await host.CreateUserAsync(Roles.Student);
        var client = host.CreateBrowserClient();

        var response = await WebHostFixture.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["Email"] = student.Email, ["Password"] = WebHostFixture.Password, ["ReturnUrl"] = "https://evil.example/" });

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(Roles.TA, "/reports")]
    [InlineData(Roles.Instructor, "/instructor")]
    [InlineData(Roles.Student, "/")]
    public async Task SignIn_WithoutReturnUrl_LandsWhereTheRoleStartsItsDay(string role, string home)
    {
        var user = await host.CreateUserAsync(role);
        var client = host.CreateBrowserClient();

        var response = await WebHostFixture.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["Email"] = user.Email, ["Password"] = WebHostFixture.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(home)).StatusCode);
    }
}
