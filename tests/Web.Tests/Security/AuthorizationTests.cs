using System.Net;
using System.Net.Http.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using GraderHub.Web.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Security;

[Collection(WebCollection.Name)]
public sealed class AuthorizationTests(WebHostFixture host)
{
    [Fact]
    public async Task GetSubmission_OfAnotherStudent_Is404()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var owner = await host.BearerClientAsync(await host.CreateStudentAsync());
        var other = await host.BearerClientAsync(await host.CreateStudentAsync());
        var id = await SubmitAnswerTests.SubmitAsync(owner, problemId, "2x cos(x^2)");

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/submissions/{id}")).StatusCode);
    }

    // A POST refused by authorization is re-executed to the error page as a POST: a bearer
    // caller (no antiforgery cookie) must still get the 404 and its JSON sentence, not an empty 400.
    [Fact]
    public async Task BearerPost_ToAnotherCoursesProblem_Is404WithJson_AndStoresNothing()
    {
        var theirs = await new CourseBuilder(host).SaveAsync();
        var (_, problems) = await theirs.SetAsync(1, null, 0, ("p1", 1));
        var stranger = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(stranger);

        var response = await api.PostAsJsonAsync($"/api/problems/{problems[0]}/submissions", new { answer = "2x cos(x^2)" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing at this address.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await host.WithDbAsync(db => db.Submissions.AnyAsync(s => s.UserId == stranger.Id)));
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/instructor")]
    public async Task StaffPage_AsStudent_IsForbidden(string path)
    {
        var student = await host.SignedInClientAsync(await host.CreateStudentAsync());

        var response = await student.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/instructor")]
    public async Task StaffPage_AsInstructorOfACourse_Opens(string path)
    {
        var user = await host.CreateUserAsync(Roles.Instructor);
        await host.EnrollAsync(user, CourseRole.Instructor);
        var instructor = await host.SignedInClientAsync(user);

        Assert.Equal(HttpStatusCode.OK, (await instructor.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task InstructorOverview_ListsOnlyTheSetsOfTheirOwnCourses()
    {
        var mine = await new CourseBuilder(host).SaveAsync();
        var theirs = await new CourseBuilder(host).SaveAsync();
        var (mySet, _) = await mine.SetAsync(1, null, 0, ("p1", 1));
        var (theirSet, _) = await theirs.SetAsync(1, null, 0, ("p1", 1));

        var html = await (await host.SignedInClientAsync(await mine.StaffAsync(CourseRole.Instructor))).GetStringAsync("/instructor");

        Assert.Contains($"/authoring/sets/{mySet}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/authoring/sets/{theirSet}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ListsOnlyTheSetsOfTheStudentsCourses()
    {
        var mine = await new CourseBuilder(host).SaveAsync();
        var theirs = await new CourseBuilder(host).SaveAsync();
        var (mySet, _) = await mine.SetAsync(1, null, 0, ("p1", 1));
        var (theirSet, _) = await theirs.SetAsync(1, null, 0, ("p1", 1));
        var student = await mine.StudentAsync("Dashboard student");

        var html = await (await host.SignedInClientAsync(student)).GetStringAsync("/");
        var api = await (await host.BearerClientAsync(student)).GetStringAsync("/api/problemsets");

        Assert.Contains($"/sets/{mySet}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/sets/{theirSet}\"", html, StringComparison.Ordinal);
        Assert.Contains($"\"id\":{mySet},", api, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":{theirSet},", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportCsv_AsStudent403_UnenrolledTA404_EnrolledTA_IsCsv()
    {
        var (setId, _) = await new ProblemSetBuilder().SaveAsync(host);
        var studentUser = await host.CreateStudentAsync();
        var student = await host.BearerClientAsync(studentUser);
        var otherTa = await host.BearerClientAsync(await host.CreateUserAsync(Roles.TA));
        var taUser = await host.CreateUserAsync(Roles.TA);
        await host.EnrollAsync(taUser, CourseRole.TA);
        var ta = await host.BearerClientAsync(taUser);

        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync($"/api/problemsets/{setId}/report.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherTa.GetAsync($"/api/problemsets/{setId}/report.csv")).StatusCode);
        var csv = await ta.GetAsync($"/api/problemsets/{setId}/report.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("email,name,chain (2),total (2)", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/problems/1")]
    [InlineData("/sets/1")]
    [InlineData("/hangfire")]
    [InlineData("/instructor")]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        var response = await host.CreateBrowserClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/problemsets")]
    [InlineData("/api/submissions/1")]
    public async Task Api_Anonymous_Is401NotARedirect(string path)
    {
        var response = await host.CreateBrowserClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task LoginForm_PostWithoutAntiforgeryToken_IsRejected()
    {
        var student = await host.CreateStudentAsync();
        var client = host.CreateBrowserClient();

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = student.Email, ["Password"] = WebHostFixture.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AnswerForm_PostWithoutAntiforgeryToken_IsRejectedAndStoresNothing()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var browser = await host.SignedInClientAsync(student);

        var response = await browser.PostAsync($"/problems/{problemId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["answer"] = "2x cos(x^2)" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await host.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .CountAsync(db.Submissions, s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task Api_CookiePostWithoutAntiforgeryHeader_IsRejected_WithHeader_Works()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var browser = await host.SignedInClientAsync(await host.CreateStudentAsync());

        var without = await browser.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);

        // The page's script sends the answer form's token as the header.
        var token = (await PageForms.FindAsync(browser, $"/problems/{problemId}", $"/problems/{problemId}")).Token;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/preview") { Content = JsonContent.Create(new { answer = "2x", vars = new[] { "x" } }) };
        request.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request)).StatusCode);
    }
}
