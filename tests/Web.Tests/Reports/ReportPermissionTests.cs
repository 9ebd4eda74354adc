using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Reports;

// Every report page and export: staff of the course see it; staff of another course get 404
// (ids leak nothing); students are turned away; anonymous users are sent to sign in.
[Collection(WebCollection.Name)]
public sealed class ReportPermissionTests(WebHostFixture host)
{
    public static readonly TheoryData<string> Pages =
    [
        "/reports/courses/{course}", "/reports/courses/{course}/gradebook.csv",
        "/reports/sets/{set}", "/reports/sets/{set}/report.csv", "/reports/sets/{set}/problems",
        "/review/problems/{problem}/students/{student}", "/review/courses/{course}/queue",
        "/regrade/problems/{problem}", "/regrade/sets/{set}",
    ];

    private async Task<(string Path, CourseBuilder Course, TestUser Student)> PathAsync(string template)
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, null, 0, ("p1", 1));
        var student = await course.StudentAsync("Student");
        await course.SubmissionAsync(problems[0], student, 1, DateTimeOffset.UtcNow, 1);
        var path = template.Replace("{course}", course.CourseId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{set}", setId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{problem}", problems[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{student}", student.Id, StringComparison.Ordinal);
        return (path, course, student);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ReportPage_AsStaffOfTheCourse_Opens(string template)
    {
        var (path, course, _) = await PathAsync(template);
        foreach (var role in (CourseRole[])[CourseRole.TA, CourseRole.Instructor])
        {
            var staff = await host.SignedInClientAsync(await course.StaffAsync(role));
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(path)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ReportPage_AsStaffOfAnotherCourse_Is404(string template)
    {
        var (path, _, _) = await PathAsync(template);
        var other = await new CourseBuilder(host).SaveAsync();
        var ta = await host.SignedInClientAsync(await other.StaffAsync(CourseRole.TA));
        var instructor = await host.SignedInClientAsync(await other.StaffAsync(CourseRole.Instructor));

        Assert.Equal(HttpStatusCode.NotFound, (await ta.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await instructor.GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ReportPage_AsStudentOfTheCourse_IsDenied(string template)
    {
        var (path, _, student) = await PathAsync(template);
        var client = await host.SignedInClientAsync(student);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("This page is not open to your account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ReportPage_Anonymous_RedirectsToSignIn(string template)
    {
        var (path, _, _) = await PathAsync(template);

        var response = await host.CreateBrowserClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReportCsv_StaffOfCourse200_OtherStaff404_Student403_Anonymous401()
    {
        var (path, course, student) = await PathAsync("/api/problemsets/{set}/report.csv");
        var other = await new CourseBuilder(host).SaveAsync();

        Assert.Equal(HttpStatusCode.OK, (await (await host.BearerClientAsync(await course.StaffAsync())).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.BearerClientAsync(await other.StaffAsync())).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.BearerClientAsync(student)).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateBrowserClient().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ReportsIndex_ListsOnlyTheCoursesTheUserIsStaffOf()
    {
        var mine = await new CourseBuilder(host).SaveAsync();
        var theirs = await new CourseBuilder(host).SaveAsync();
        var ta = await mine.StaffAsync();
        await theirs.StudentAsync("Someone");

        var html = await (await host.SignedInClientAsync(ta)).GetStringAsync("/reports");

        Assert.Contains($"/reports/courses/{mine.CourseId}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/reports/courses/{theirs.CourseId}\"", html, StringComparison.Ordinal);
    }
}
