using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Security;

// /hangfire: instructors watch, administrators operate, nobody removes the recovery sweep.
[Collection(WebCollection.Name)]
public sealed class JobDashboardTests(WebHostFixture host)
{
    [Fact]
    public async Task Dashboard_Instructor_IsReadOnly_CannotRemoveOrTriggerTheSweep()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var instructor = await host.SignedInClientAsync(await course.StaffAsync(CourseRole.Instructor));

        var page = await (await instructor.GetAsync("/hangfire/recurring")).Content.ReadAsStringAsync();
        Assert.Contains(RecoverySweep.RecurringJobId, page, StringComparison.Ordinal);
        // Read-only: the dashboard draws no command buttons.
        Assert.DoesNotContain("js-jobs-list-command", page, StringComparison.Ordinal);

        var remove = await PostCommandAsync(instructor, "/hangfire/recurring/remove");
        var trigger = await PostCommandAsync(instructor, "/hangfire/recurring/trigger");

        Assert.False(remove.IsSuccessStatusCode, $"remove answered {(int)remove.StatusCode}");
        Assert.False(trigger.IsSuccessStatusCode, $"trigger answered {(int)trigger.StatusCode}");
        Assert.True(SweepIsRegistered());
    }

    [Fact]
    public async Task Dashboard_Administrator_OperatesJobs_ButCannotRemoveTheSweep()
    {
        var admin = await host.SignedInClientAsync(await host.CreateUserAsync(Roles.Administrator));

        var page = await (await admin.GetAsync("/hangfire/recurring")).Content.ReadAsStringAsync();
        Assert.Contains("js-jobs-list-command", page, StringComparison.Ordinal);

        var trigger = await PostCommandAsync(admin, "/hangfire/recurring/trigger");
        var remove = await PostCommandAsync(admin, "/hangfire/recurring/remove");

        Assert.True(trigger.IsSuccessStatusCode, $"trigger answered {(int)trigger.StatusCode}");
        Assert.False(remove.IsSuccessStatusCode, $"remove answered {(int)remove.StatusCode}");
        Assert.True(SweepIsRegistered());
    }

    [Fact]
    public async Task Dashboard_TAOrStudentOfTheCourse_Is403()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var ta = await host.SignedInClientAsync(await course.StaffAsync(CourseRole.TA));
        var student = await host.SignedInClientAsync(await course.StudentAsync("Dashboard student"));

        Assert.Equal(HttpStatusCode.Forbidden, (await ta.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/hangfire")).StatusCode);
    }

    // The dashboard's own buttons post the job ids as jobs[] with the header and token that the
    // dashboard's page names in its csrf-header and csrf-token meta elements.
    private static async Task<HttpResponseMessage> PostCommandAsync(HttpClient client, string path)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/hangfire/recurring"));
        var header = page.QuerySelector("meta[name=csrf-header]")?.GetAttribute("content");
        var token = page.QuerySelector("meta[name=csrf-token]")?.GetAttribute("content");
        Assert.False(string.IsNullOrEmpty(token) || string.IsNullOrEmpty(header), "the dashboard page carries no antiforgery token");
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", RecoverySweep.RecurringJobId)]),
        };
        request.Headers.Add(header!, token);
        return await client.SendAsync(request);
    }

    private bool SweepIsRegistered()
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Any(j => j.Id == RecoverySweep.RecurringJobId && !j.Removed);
    }
}
