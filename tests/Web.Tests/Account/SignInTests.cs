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
        var student = await host.CreateStudentAsync();
        var client = host.CreateBrowserClient();

        var response = await WebHostFixture.PostFormAsync(client, "/account/login?returnUrl=%2F", "/account/login?returnUrl=%2F",
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
        var student = await host.CreateStudentAsync();
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
        var student = await host.CreateStudentAsync();
        var client = host.CreateBrowserClient();

        // The link a phisher sends: the sign-in page with an off-site return address.
        const string page = "/account/login?returnUrl=https%3A%2F%2Fevil.example%2F";
        var response = await WebHostFixture.PostFormAsync(client, page, page,
            new() { ["Email"] = student.Email, ["Password"] = WebHostFixture.Password });

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(Roles.TA, CourseRole.TA, "/reports")]
    [InlineData(Roles.Instructor, CourseRole.Instructor, "/instructor")]
    [InlineData(Roles.Student, CourseRole.Student, "/")]
    public async Task SignIn_WithoutReturnUrl_LandsWhereTheRoleStartsItsDay(string role, CourseRole courseRole, string home)
    {
        var user = await host.CreateUserAsync(role);
        await host.EnrollAsync(user, courseRole);
        var client = host.CreateBrowserClient();

        var response = await WebHostFixture.PostFormAsync(client, "/account/login", "/account/login",
            new() { ["Email"] = user.Email, ["Password"] = WebHostFixture.Password });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(home)).StatusCode);
    }
}
