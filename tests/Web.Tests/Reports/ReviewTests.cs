using System.Net;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Reports;

[Collection(WebCollection.Name)]
public sealed class ReviewTests(WebHostFixture host)
{
    private static string ReviewPath(int problemId, TestUser student) => $"/review/problems/{problemId}/students/{student.Id}";

    private async Task<long> SubmissionIdAsync(int problemId, TestUser student, int attempt) =>
        await host.WithDbAsync(db => db.Submissions.Where(x => x.ProblemId == problemId && x.UserId == student.Id && x.AttemptNumber == attempt)
            .Select(x => x.Id).SingleAsync());

    [Fact]
    public async Task AttemptsPage_ShowsEveryAttemptWithVerdictFeedbackAndLateness()
    {
        var s = await GradebookTests.ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);

        var html = WebUtility.HtmlDecode(await ta.GetStringAsync(ReviewPath(s.Problems[0], s.Bob)));

        Assert.Contains("data-attempt=\"1\" data-verdict=\"correct\"", html, StringComparison.Ordinal);
        Assert.Contains("data-attempt=\"2\" data-verdict=\"partially_correct\"", html, StringComparison.Ordinal);
        Assert.Contains("2 day(s) late, ×0.5", html, StringComparison.Ordinal);
        Assert.Contains("feedback 2x cos(x^2)", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"display-6 fw-semibold\" id=\"problem-score\">50 %</div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_WithReason_ChangesTheGradebookAndIsAudited()
    {
        var s = await GradebookTests.ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);
        var alicesP2 = await SubmissionIdAsync(s.Problems[1], s.Alice, 1);

        var response = await WebHostFixture.PostFormAsync(ta, ReviewPath(s.Problems[1], s.Alice), $"/review/submissions/{alicesP2}/override",
            new() { ["score"] = "0.5", ["reason"] = "Late because of a documented illness; half credit agreed." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // 0.5 x 3 = 1.5 replaces the late-penalised 2.25: total 2 + 1.5.
        var rows = await GradebookTests.CsvRowsAsync(ta, $"/reports/sets/{s.SetId}/report.csv");
        Assert.Equal($"{s.Alice.Email},Alice,2,1.5,3.5", rows.Single(r => r.StartsWith(s.Alice.Email, StringComparison.Ordinal)));

        var (stored, audit) = await host.WithDbAsync(async db => (
            await db.GradeOverrides.SingleAsync(o => o.SubmissionId == alicesP2),
            await db.AuditLog.SingleAsync(a => a.EntityType == "Submission" && a.EntityId == alicesP2.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal((0.75, 0.5, s.Ta.Id), (stored.OldScore, stored.NewScore, stored.ByUserId));
        Assert.Equal(("grade.override", s.Ta.Id), (audit.Action, audit.UserId));
        var details = JsonDocument.Parse(audit.Details!).RootElement;
        Assert.Equal(0.75, details.GetProperty("old").GetDouble());
        Assert.Equal(0.5, details.GetProperty("new").GetDouble());
        Assert.StartsWith("Late because", details.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await ta.GetStringAsync(ReviewPath(s.Problems[1], s.Alice)));
        Assert.Contains("75 % → 50 %", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5", "")]
    [InlineData("0.5", "   ")]
    [InlineData("1.5", "a reason")]
    [InlineData("half", "a reason")]
    public async Task Override_WithoutReasonOrValidScore_Is400AndStoresNothing(string score, string reason)
    {
        var s = await GradebookTests.ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);
        var id = await SubmissionIdAsync(s.Problems[1], s.Alice, 1);

        var response = await WebHostFixture.PostFormAsync(ta, ReviewPath(s.Problems[1], s.Alice), $"/review/submissions/{id}/override",
            new() { ["score"] = score, ["reason"] = reason });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"override-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await host.WithDbAsync(db => db.GradeOverrides.AnyAsync(o => o.SubmissionId == id)));
    }

    [Fact]
    public async Task Override_ByStaffOfAnotherCourse_Is404AndStoresNothing()
    {
        var s = await GradebookTests.ScenarioAsync(host);
        var other = await new CourseBuilder(host).SaveAsync();
        var stranger = await host.SignedInClientAsync(await other.StaffAsync());
        var id = await SubmissionIdAsync(s.Problems[1], s.Alice, 1);

        var response = await WebHostFixture.ForgedPostAsync(stranger, $"/review/submissions/{id}/override",
            new() { ["score"] = "1", ["reason"] = "because" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await host.WithDbAsync(db => db.GradeOverrides.AnyAsync(o => o.SubmissionId == id)));
    }

    [Fact]
    public async Task Queue_ListsUndeterminedAndFailedNotYetOverridden()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (_, p) = await course.SetAsync(1, null, 0, ("p1", 1));
        var student = await course.StudentAsync("Dana");
        var ta = await course.StaffAsync();
        var undetermined = await course.SubmissionAsync(p[0], student, 1, DateTimeOffset.UtcNow, 0, "x^x^x", Verdict.Undetermined);
        var failed = await course.SubmissionAsync(p[0], student, 2, DateTimeOffset.UtcNow, 0, status: SubmissionStatus.Failed);
        var settled = await course.SubmissionAsync(p[0], student, 3, DateTimeOffset.UtcNow, 0, "x^x", Verdict.Undetermined);
        await course.OverrideAsync(settled, ta.Id, 1, DateTimeOffset.UtcNow);
        var wrong = await course.SubmissionAsync(p[0], student, 4, DateTimeOffset.UtcNow, 0, "cos(x)");

        var html = await (await host.SignedInClientAsync(ta)).GetStringAsync($"/review/courses/{course.CourseId}/queue");

        Assert.Contains($"data-submission=\"{undetermined}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-submission=\"{failed}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-submission=\"{settled}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-submission=\"{wrong}\"", html, StringComparison.Ordinal);
        Assert.Contains("2 to look at", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttemptsPage_ShowsTheStudentsVariantExpectedAnswerMathAndNeighbours()
    {
        var s = await GradebookTests.ScenarioAsync(host);
        var ta = await host.SignedInClientAsync(s.Ta);

        var html = WebUtility.HtmlDecode(await ta.GetStringAsync(ReviewPath(s.Problems[0], s.Bob)));

        Assert.Contains("id=\"variant-statement\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"expected-answer\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"math attempt-math\"", html, StringComparison.Ordinal);
        // Students in name order (Alice, Bob, Carol), problems in course order (p1, p2, then week 2).
        Assert.Contains($"id=\"previous-student\" href=\"{ReviewPath(s.Problems[0], s.Alice)}\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"next-student\" href=\"{ReviewPath(s.Problems[0], s.Carol)}\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"next-problem\" href=\"{ReviewPath(s.Problems[1], s.Bob)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"previous-problem\"", html, StringComparison.Ordinal);
        // Times are <time> elements in UTC, which the page's script shows in the viewer's zone.
        Assert.Contains("datetime=\"2026-03-11T18:00:00Z\" title=\"2026-03-11 18:00 UTC\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_SaysWhyEachItemIsThere()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (_, p) = await course.SetAsync(1, null, 0, ("p1", 1));
        var student = await course.StudentAsync("Eve");
        var ta = await course.StaffAsync();
        await course.SubmissionAsync(p[0], student, 1, DateTimeOffset.UtcNow, 0, "x^x^x", Verdict.Undetermined);
        await course.SubmissionAsync(p[0], student, 2, DateTimeOffset.UtcNow, 0, status: SubmissionStatus.Failed);

        var html = WebUtility.HtmlDecode(await (await host.SignedInClientAsync(ta)).GetStringAsync($"/review/courses/{course.CourseId}/queue"));

        Assert.Contains("The engine could not decide whether this answer equals the reference", html, StringComparison.Ordinal);
        Assert.Contains("Grading failed, so the student has no grade", html, StringComparison.Ordinal);
    }
}
