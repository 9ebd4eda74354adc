using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Student;

// The API edges of issue 13's student side: solutions only when the set's policy allows (checked
// in the JSON and in the HTML), reports that reach the queue with the variant, practice that
// stores nothing, and a grades CSV of one's own work only.
[Collection(WebCollection.Name)]
public sealed class StudentRecordTests(WebHostFixture host)
{
    private async Task<(CourseBuilder Course, int SetId, int ProblemId, TestUser Student, string Reference)> OneProblemAsync(DateTimeOffset? due)
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, due, 0.1, ("p1", 2));
        var student = await course.StudentAsync("Sol Student");
        var reference = await host.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.ProblemSet).SingleAsync(p => p.Id == problems[0]);
            var variant = ProblemReader.Read(problem.SpecYaml, "t").Problem!.Variant(VariantSeeds.For(student.Id, problem.ProblemSet.Key, problem.Key));
            return variant.Reference().Text!;
        });
        return (course, setId, problems[0], student, reference);
    }

    private Task SetAsync(int setId, Action<ProblemSet> change) => host.WithDbAsync(async db =>
    {
        change(await db.ProblemSets.SingleAsync(s => s.Id == setId));
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Solution_BeforeTheDueDate_NothingOfTheReferenceIsSent_AfterIt_TheWorkedSolutionIs()
    {
        var (_, setId, problemId, student, reference) = await OneProblemAsync(DateTimeOffset.UtcNow.AddDays(3));
        var page = await host.SignedInClientAsync(student);
        var api = await host.BearerClientAsync(student);

        var before = await api.GetFromJsonAsync<JsonElement>($"/api/problems/{problemId}/solution");
        Assert.False(before.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("answerText").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("workedHtml").ValueKind);
        foreach (var path in new[] { $"/problems/{problemId}", $"/problems/{problemId}/solution", $"/api/problems/{problemId}/solution", $"/api/problemsets/{setId}" })
        {
            var body = WebUtility.HtmlDecode(await (path.StartsWith("/api/", StringComparison.Ordinal) ? api : page).GetStringAsync(path));
            Assert.DoesNotContain(reference, body, StringComparison.Ordinal);
            Assert.DoesNotContain("chain rule", body, StringComparison.Ordinal);
        }

        await SetAsync(setId, s => s.DueAt = DateTimeOffset.UtcNow.AddHours(-1));
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/problems/{problemId}/solution");
        Assert.True(after.GetProperty("available").GetBoolean());
        Assert.Equal(reference, after.GetProperty("answerText").GetString());
        Assert.Contains("chain rule", after.GetProperty("workedHtml").GetString(), StringComparison.Ordinal);
        var html = WebUtility.HtmlDecode(await page.GetStringAsync($"/problems/{problemId}/solution"));
        Assert.Contains(reference, html, StringComparison.Ordinal);
        Assert.Contains("href=\"/problems/" + problemId + "/solution\"", await page.GetStringAsync($"/problems/{problemId}"), StringComparison.Ordinal);

        await SetAsync(setId, s => s.SolutionRelease = SolutionRelease.Never);
        var never = await api.GetFromJsonAsync<JsonElement>($"/api/problems/{problemId}/solution");
        Assert.False(never.GetProperty("available").GetBoolean());
        Assert.DoesNotContain(reference, WebUtility.HtmlDecode(await page.GetStringAsync($"/problems/{problemId}/solution")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solution_AfterAttempts_IsShownOnceTheLastAttemptIsUsed()
    {
        var (course, setId, problemId, student, reference) = await OneProblemAsync(null);
        await SetAsync(setId, s => { s.SolutionRelease = SolutionRelease.AfterAttempts; s.MaxAttempts = 1; });
        var api = await host.BearerClientAsync(student);
        Assert.False((await api.GetFromJsonAsync<JsonElement>($"/api/problems/{problemId}/solution")).GetProperty("available").GetBoolean());

        await course.SubmissionAsync(problemId, student, 1, DateTimeOffset.UtcNow.AddMinutes(-1), 0, "cos(x^2)", Verdict.Incorrect);
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/problems/{problemId}/solution");
        Assert.True(after.GetProperty("available").GetBoolean());
        Assert.Equal(reference, after.GetProperty("answerText").GetString());
        // Another student of the course, with attempts left, still gets nothing.
        var other = await course.StudentAsync("Other Student");
        var theirs = await (await host.BearerClientAsync(other)).GetFromJsonAsync<JsonElement>($"/api/problems/{problemId}/solution");
        Assert.False(theirs.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task ReportAProblem_LandsInTheQueueWithTheVariant_AnEmptyOneIsRefused()
    {
        var (course, _, problemId, student, _) = await OneProblemAsync(null);
        var page = await host.SignedInClientAsync(student);
        var empty = await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}/report", new() { ["message"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("what is wrong", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var sent = await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}/report", new() { ["message"] = "The hint is for another problem." });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var report = await host.WithDbAsync(db => db.ProblemReports.Include(r => r.Problem).ThenInclude(p => p.ProblemSet).SingleAsync(r => r.UserId == student.Id));
        Assert.Equal(VariantSeeds.For(student.Id, report.Problem.ProblemSet.Key, report.Problem.Key), report.VariantSeed);
        Assert.Equal("The hint is for another problem.", report.Message);

        var ta = await host.SignedInClientAsync(await course.StaffAsync());
        var queue = $"/review/courses/{course.CourseId}/queue";
        Assert.Contains("The hint is for another problem.", await ta.GetStringAsync(queue), StringComparison.Ordinal);
        var resolved = await WebHostFixture.PostFormAsync(ta, queue, $"/review/problems/{problemId}/reports/resolve", []);
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.DoesNotContain("The hint is for another problem.", await ta.GetStringAsync(queue), StringComparison.Ordinal);
        Assert.NotNull((await host.WithDbAsync(db => db.ProblemReports.SingleAsync(r => r.Id == report.Id))).ResolvedAt);
    }

    [Fact]
    public async Task Practice_IsGraded_StoresNothing_AndAForgedTokenIsRefused()
    {
        var (_, _, problemId, student, _) = await OneProblemAsync(null);
        var page = await host.SignedInClientAsync(student);
        var practice = $"/problems/{problemId}/practice";
        var graded = await WebHostFixture.PostFormAsync(page, practice, practice, new() { ["answer"] = "0" });
        Assert.Equal(HttpStatusCode.OK, graded.StatusCode);
        var html = WebUtility.HtmlDecode(await graded.Content.ReadAsStringAsync());
        Assert.Contains("id=\"practice-result\"", html, StringComparison.Ordinal);
        Assert.Contains("Incorrect · 0%", html, StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));

        // (Posts no page offers, with the session's own antiforgery token.)
        var forged = await WebHostFixture.ForgedPostAsync(page, practice, new() { ["answer"] = "0", ["token"] = "my-own-seed" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // Another student's token (drawn for them) does not grade for this one either.
        var (_, _, _, other, _) = await OneProblemAsync(null);
        await CourseBuilder.EnrollAsync(host, (await host.WithDbAsync(db => db.Problems.Where(p => p.Id == problemId).Select(p => p.ProblemSet.CourseId).SingleAsync())), other.Id, CourseRole.Student);
        var theirPage = await host.SignedInClientAsync(other);
        var theirToken = (await PageForms.FindAsync(theirPage, practice, practice)).Defaults["token"];
        var stolen = await WebHostFixture.ForgedPostAsync(page, practice, new() { ["answer"] = "0", ["token"] = theirToken });
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task GradesCsv_HasOnesOwnAttemptsWithTheirParts_AndNoOneElses()
    {
        var (course, _, problemId, student, _) = await OneProblemAsync(DateTimeOffset.UtcNow.AddDays(-2));
        var other = await course.StudentAsync("Someone Else");
        // Half a day after the due date: one started day late.
        await course.SubmissionAsync(problemId, student, 1, DateTimeOffset.UtcNow.AddDays(-1.5), 1, "2x cos(x^2)", Verdict.Correct);
        await course.SubmissionAsync(problemId, other, 1, DateTimeOffset.UtcNow.AddDays(-1), 1, "x*2*cos(x^2) + 0", Verdict.Correct);
        var page = await host.SignedInClientAsync(student);

        var csv = (await page.GetStringAsync("/grades.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var row = Assert.Single(csv.Skip(1));
        Assert.Contains("2x cos(x^2)", row, StringComparison.Ordinal);
        Assert.Contains("grader 100% × late 0.9 = 90%", row, StringComparison.Ordinal);
        var grades = WebUtility.HtmlDecode(await page.GetStringAsync("/grades"));
        Assert.Contains("grader 100% × late 0.9 = 90%", grades, StringComparison.Ordinal);
        Assert.Contains("Solved", grades, StringComparison.Ordinal);
        Assert.Contains("Past due", grades, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyntaxGuide_IsServedAsAPage()
    {
        var (_, _, problemId, student, _) = await OneProblemAsync(null);
        var page = await host.SignedInClientAsync(student);
        var guide = await page.GetStringAsync("/help/answer-syntax");
        Assert.Contains("How to type your answer", guide, StringComparison.Ordinal);
        Assert.Contains("href=\"/help/answer-syntax\"", await page.GetStringAsync($"/problems/{problemId}"), StringComparison.Ordinal);
    }
}
