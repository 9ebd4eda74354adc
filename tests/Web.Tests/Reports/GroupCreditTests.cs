using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Reports;

[Collection(WebCollection.Name)]
public sealed class GroupCreditTests(WebHostFixture host)
{
    // Ann: cos(x^2) then right; Ben: cos(x**2) (same group); Cy: x^2 (another group). Half credit
    // to the cos(x^2) group: Ben 0.5 x 2 = 1; Ann keeps 2 (credit on a wrong attempt never
    // lowers a right one); Cy stays 0.
    [Fact]
    public async Task GroupCredit_OverridesEverySubmissionInTheGroupOnly_WithFeedbackAndAudit()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, null, 0, ("d", 2));
        var ann = await course.StudentAsync("Ann");
        var ben = await course.StudentAsync("Ben");
        var cy = await course.StudentAsync("Cy");
        var ta = await course.StaffAsync();
        var now = DateTimeOffset.UtcNow;
        var annsWrong = await course.SubmissionAsync(p[0], ann, 1, now, 0, "cos(x^2)", Verdict.Incorrect);
        await course.SubmissionAsync(p[0], ann, 2, now.AddMinutes(5), 1, "2x cos(x^2)", Verdict.Correct);
        var bens = await course.SubmissionAsync(p[0], ben, 1, now, 0, "cos(x**2)", Verdict.Incorrect);
        var cys = await course.SubmissionAsync(p[0], cy, 1, now, 0, "x^2", Verdict.Incorrect);
        var client = await host.SignedInClientAsync(ta);

        // Equal counts: the group is named by its first form in ordinal order, as the page shows it.
        Assert.Contains("<code class=\"small text-break\">cos(x**2)</code>", await client.GetStringAsync($"/reports/sets/{setId}/problems"), StringComparison.Ordinal);
        var response = await WebHostFixture.PostFormAsync(client, $"/reports/sets/{setId}/problems", $"/reports/problems/{p[0]}/wrong-answers",
            new() { ["representative"] = "cos(x**2)", ["score"] = "0.5", ["feedback"] = "Right idea, chain factor missing: half credit." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rows = await GradebookTests.CsvRowsAsync(client, $"/reports/sets/{setId}/report.csv");
        Assert.Contains($"{ann.Email},Ann,2,2", rows);
        Assert.Contains($"{ben.Email},Ben,1,1", rows);
        Assert.Contains($"{cy.Email},Cy,0,0", rows);
        var (overridden, feedback, audits) = await host.WithDbAsync(async db => (
            await db.GradeOverrides.Where(o => o.Submission.ProblemId == p[0]).Select(o => o.SubmissionId).OrderBy(x => x).ToListAsync(),
            await db.Submissions.Where(s => s.Id == bens).Select(s => s.Feedback).SingleAsync(),
            await db.AuditLog.CountAsync(a => a.Action == "grade.override" && a.UserId == ta.Id)));
        Assert.Equal([annsWrong, bens], overridden);
        Assert.EndsWith("Staff note: Right idea, chain factor missing: half credit.", feedback, StringComparison.Ordinal);
        Assert.Equal(2, audits);
        Assert.DoesNotContain(cys, overridden);
    }

    [Fact]
    public async Task GroupCredit_WithoutFeedback_Is400_FromAnotherCourse_Is404()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, null, 0, ("d", 2));
        var student = await course.StudentAsync("Dee");
        await course.SubmissionAsync(p[0], student, 1, DateTimeOffset.UtcNow, 0, "cos(x^2)", Verdict.Incorrect);
        var ta = await host.SignedInClientAsync(await course.StaffAsync());
        var stranger = await host.SignedInClientAsync(await (await new CourseBuilder(host).SaveAsync()).StaffAsync());

        var empty = await WebHostFixture.PostFormAsync(ta, $"/reports/sets/{setId}/problems", $"/reports/problems/{p[0]}/wrong-answers",
            new() { ["representative"] = "cos(x^2)", ["score"] = "0.5", ["feedback"] = " " });
        var foreign = await WebHostFixture.ForgedPostAsync(stranger, $"/reports/problems/{p[0]}/wrong-answers",
            new() { ["representative"] = "cos(x^2)", ["score"] = "0.5", ["feedback"] = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.False(await host.WithDbAsync(db => db.GradeOverrides.AnyAsync(o => o.Submission.ProblemId == p[0])));
    }

    [Fact]
    public async Task GroupCredit_BadCredit_Is400WithTheMessageOnThePage_AndWritesNothing()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, p) = await course.SetAsync(1, null, 0, ("d", 2));
        var student = await course.StudentAsync("Eve");
        var id = await course.SubmissionAsync(p[0], student, 1, DateTimeOffset.UtcNow, 0, "cos(x^2)", Verdict.Incorrect);
        var ta = await host.SignedInClientAsync(await course.StaffAsync());

        var response = await WebHostFixture.PostFormAsync(ta, $"/reports/sets/{setId}/problems", $"/reports/problems/{p[0]}/wrong-answers",
            new() { ["representative"] = "cos(x^2)", ["score"] = "1.5", ["feedback"] = "Almost." });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter a score between 0 and 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.Feedback).SingleAsync());
        Assert.DoesNotContain("Staff note", stored ?? "", StringComparison.Ordinal);
        Assert.False(await host.WithDbAsync(db => db.GradeOverrides.AnyAsync(o => o.SubmissionId == id)));
    }
}
