using System.Net;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Reports;

[Collection(WebCollection.Name)]
public sealed partial class RegradeTests(WebHostFixture host)
{
    // Two submissions stored with the grades a broken spec gave them; the current spec (d/dx
    // sin(x^2)) is right. Pat's wrong grade is fixed by the regrade; Quinn's wrong answer was
    // graded correct and has an override of 0.8, which must still decide Quinn's grade afterwards.
    [Fact]
    public async Task Regrade_DryRunWritesNothing_JobFixesGrades_OverridesSurvive()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, null, 0, ("d", 2));
        var pat = await course.StudentAsync("Pat");
        var quinn = await course.StudentAsync("Quinn");
        var ta = await course.StaffAsync();
        var patsId = await course.SubmissionAsync(p[0], pat, 1, DateTimeOffset.UtcNow, 0, "2*x*cos(x^2)", Verdict.Incorrect);
        var quinnsId = await course.SubmissionAsync(p[0], quinn, 1, DateTimeOffset.UtcNow, 1, "cos(x^2)", Verdict.Correct);
        await course.OverrideAsync(quinnsId, ta.Id, 0.8, DateTimeOffset.UtcNow);
        var client = await host.SignedInClientAsync(ta);

        var plan = await client.GetStringAsync($"/regrade/problems/{p[0]}");
        Assert.Contains("data-changes=\"2\"", plan, StringComparison.Ordinal);
        Assert.Contains($"data-submission=\"{patsId}\"", plan, StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == patsId).Select(s => s.Score).SingleAsync()));

        var start = await WebHostFixture.PostFormAsync(client, $"/regrade/problems/{p[0]}", $"/regrade/problems/{p[0]}", []);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var progressPath = start.Headers.Location!.OriginalString;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string page;
        while (!(page = await client.GetStringAsync(progressPath)).Contains("data-state=\"Succeeded\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "regrade job not finished after 30 s: " + StatePattern().Match(page).Value);
            await Task.Delay(100);
        }
        Assert.Contains("2 of 2 submissions", page, StringComparison.Ordinal);

        var (pats, quinns, overrides) = await host.WithDbAsync(async db => (
            await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == patsId),
            await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == quinnsId),
            await db.GradeOverrides.AsNoTracking().Where(o => o.SubmissionId == quinnsId).ToListAsync()));
        Assert.Equal((Verdict.Correct, 1.0), (pats.Verdict!.Value, pats.Score!.Value));
        Assert.Equal((Verdict.Incorrect, 0.0), (quinns.Verdict!.Value, quinns.Score!.Value));
        Assert.Equal(0.8, Assert.Single(overrides).NewScore);

        var rows = await GradebookTests.CsvRowsAsync(client, $"/reports/sets/{setId}/report.csv");
        Assert.Contains($"{pat.Email},Pat,2,2", rows);
        Assert.Contains($"{quinn.Email},Quinn,1.6,1.6", rows);
        Assert.True(await host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "regrade" && a.UserId == ta.Id)));

        // Nothing left to change: the dry run is now empty.
        Assert.Contains("data-changes=\"0\"", await client.GetStringAsync($"/regrade/sets/{setId}"), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-state=\"[^\"]*\"")]
    private static partial Regex StatePattern();
}
