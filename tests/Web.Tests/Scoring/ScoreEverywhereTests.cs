using System.Net;
using System.Text.RegularExpressions;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Scoring;

// One answer, one score: a correct answer given after revealing a hint that costs 50 % is worth
// 0.5 (1 of 2 points) on the student's problem page, set page and API, in the TA's gradebook and
// in report.csv; a TA's override then shows its score and reason to the student everywhere.
[Collection(WebCollection.Name)]
public sealed partial class ScoreEverywhereTests(WebHostFixture host)
{
    private const string Hint = "Differentiate the outside, keep the inside.";

    [Fact]
    public async Task HintPenalisedCorrectAnswer_ScoresTheSameOnEveryRoad_ThenAnOverrideReachesTheStudent()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, null, 0, ("p1", 2));
        var problemId = problems[0];
        await host.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.Versions).SingleAsync(p => p.Id == problemId);
            problem.SpecYaml += $"\nhint: \"{Hint}\"\n";
            problem.Versions.Single().SpecYaml = problem.SpecYaml;
            problem.HintPenalty = 0.5;
            return await db.SaveChangesAsync();
        });
        var student = await course.StudentAsync("Hinted Student");
        var ta = await course.StaffAsync();
        var page = await host.SignedInClientAsync(student);
        var api = await host.BearerClientAsync(student);

        // The student reveals the hint and answers right through the page's forms.
        Assert.Equal(HttpStatusCode.Redirect,
            (await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}/hint", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}",
            new() { ["answer"] = "2x cos(x^2)" })).StatusCode);
        var id = await host.WithDbAsync(db => db.Submissions.Where(s => s.UserId == student.Id).Select(s => s.Id).SingleAsync());
        var grade = await WebHostFixture.WaitForGradeAsync(api, id);

        Assert.Equal((1.0, 0.5, 0.5), (grade.GetProperty("gradedScore").GetDouble(), grade.GetProperty("hintFactor").GetDouble(), grade.GetProperty("score").GetDouble()));
        var problemPage = WebUtility.HtmlDecode(await page.GetStringAsync($"/problems/{problemId}"));
        Assert.Contains("Correct · 50%", problemPage, StringComparison.Ordinal);
        Assert.Contains("Graded 100%, hint ×0.5", problemPage, StringComparison.Ordinal);
        var setPage = WebUtility.HtmlDecode(await page.GetStringAsync($"/sets/{setId}"));
        // Full credit from the grader is solved, whatever the hint cost; the parts say why 50 %.
        Assert.Contains("Solved · 50%", setPage, StringComparison.Ordinal);
        Assert.Contains("grader 100% × hint 0.5 = 50%", setPage, StringComparison.Ordinal);
        Assert.Contains("1 / 2 points", setPage, StringComparison.Ordinal);
        var staff = await host.SignedInClientAsync(ta);
        var gradebook = await staff.GetStringAsync($"/reports/sets/{setId}");
        Assert.Equal("1", CellOf(gradebook, student.Email));
        Assert.Contains("data-hint=\"0.5\"", gradebook, StringComparison.Ordinal);
        Assert.Contains("data-total=\"1\"", gradebook, StringComparison.Ordinal);
        var csv = await GradebookTests.CsvRowsAsync(staff, $"/reports/sets/{setId}/report.csv");
        Assert.Equal($"{student.Email},Hinted Student,1,1", csv.Single(r => r.StartsWith(student.Email, StringComparison.Ordinal)));

        // The TA raises it with a reason through the review page's form.
        var review = $"/review/problems/{problemId}/students/{student.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await WebHostFixture.PostFormAsync(staff, review, $"/review/submissions/{id}/override",
            new() { ["score"] = "0.8", ["reason"] = "The hint only restated the chain rule." })).StatusCode);

        var overridden = await WebHostFixture.WaitForGradeAsync(api, id);
        Assert.Equal(0.8, overridden.GetProperty("score").GetDouble());
        Assert.Equal("The hint only restated the chain rule.", overridden.GetProperty("overrideReason").GetString());
        problemPage = WebUtility.HtmlDecode(await page.GetStringAsync($"/problems/{problemId}"));
        Assert.Contains("Set by staff · 80%", problemPage, StringComparison.Ordinal);
        Assert.Contains("The hint only restated the chain rule.", problemPage, StringComparison.Ordinal);
        setPage = WebUtility.HtmlDecode(await page.GetStringAsync($"/sets/{setId}"));
        Assert.Contains("problem-score\">80%", setPage, StringComparison.Ordinal);
        Assert.Contains("The hint only restated the chain rule.", setPage, StringComparison.Ordinal);
        gradebook = await staff.GetStringAsync($"/reports/sets/{setId}");
        Assert.Equal("1.6", CellOf(gradebook, student.Email));
        Assert.Contains("data-override=\"0.8\"", gradebook, StringComparison.Ordinal);
        csv = await GradebookTests.CsvRowsAsync(staff, $"/reports/sets/{setId}/report.csv");
        Assert.Equal($"{student.Email},Hinted Student,1.6,1.6", csv.Single(r => r.StartsWith(student.Email, StringComparison.Ordinal)));
    }

    // The first problem cell's number in the student's gradebook row.
    private static string CellOf(string html, string email)
    {
        var row = html[html.IndexOf($"data-student=\"{email}\"", StringComparison.Ordinal)..];
        return CellLink().Match(row).Groups[1].Value;
    }

    [GeneratedRegex("<a href=\"/review/problems/[^\"]+\">([^<]+)</a>")]
    private static partial Regex CellLink();
}
