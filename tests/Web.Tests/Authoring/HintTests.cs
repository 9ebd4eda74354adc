using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Authoring;

[Collection(WebCollection.Name)]
public sealed class HintTests(WebHostFixture host)
{
    private const string Hint = "Differentiate the outside, keep the inside, multiply by the inside's derivative.";

    [Fact]
    public async Task HintWithPenalty_HiddenUntilRequested_ThenLaterAnswersLoseIt()
    {
        var problemId = await ProblemWithHintAsync(penalty: 0.25);
        var student = await host.CreateStudentAsync();
        var page = await host.SignedInClientAsync(student);
        var api = await host.BearerClientAsync(student);
        Assert.DoesNotContain("multiply by the inside", await page.GetStringAsync($"/problems/{problemId}"), StringComparison.Ordinal);
        Assert.Contains("lose 25% of their score", await page.GetStringAsync($"/problems/{problemId}"), StringComparison.Ordinal);
        var before = await SubmitAnswerTests.SubmitAsync(api, problemId, "2x cos(x^2)");

        // Read before the reveal: a second tab still showing the button is how "twice" happens.
        var hintForm = await PageForms.FindAsync(page, $"/problems/{problemId}", $"/problems/{problemId}/hint");
        var reveal = await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}/hint", []);
        Assert.Equal(HttpStatusCode.Redirect, reveal.StatusCode);
        Assert.Contains("multiply by the inside", await page.GetStringAsync($"/problems/{problemId}"), StringComparison.Ordinal);
        var after = await SubmitAnswerTests.SubmitAsync(api, problemId, "cos(x^2)*2*x");

        Assert.Equal(1.0, (await WebHostFixture.WaitForGradeAsync(api, before)).GetProperty("score").GetDouble());
        var afterGrade = await WebHostFixture.WaitForGradeAsync(api, after);
        Assert.Equal(1.0, afterGrade.GetProperty("gradedScore").GetDouble());
        Assert.Equal(0.75, afterGrade.GetProperty("score").GetDouble(), 9);
        // Asking twice records one reveal and costs nothing more.
        await page.PostAsync(hintForm.Action, new FormUrlEncodedContent(hintForm.Fill(new Dictionary<string, string>())));
        Assert.Equal(1, await host.WithDbAsync(db => db.HintReveals.CountAsync(h => h.UserId == student.Id)));
    }

    [Fact]
    public async Task HintWithPenalty_Api_HidesItUntilRevealed()
    {
        var problemId = await ProblemWithHintAsync(penalty: 0.5);
        var setId = await host.WithDbAsync(db => db.Problems.Where(p => p.Id == problemId).Select(p => p.ProblemSetId).SingleAsync());
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());
        JsonElement ProblemOf(JsonElement set) => set.GetProperty("problems").EnumerateArray().Single();

        var hidden = ProblemOf(await api.GetFromJsonAsync<JsonElement>($"/api/problemsets/{setId}"));
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("hint").ValueKind);
        Assert.True(hidden.GetProperty("hasHint").GetBoolean());

        var reveal = await api.PostAsync($"/api/problems/{problemId}/hint", null);
        Assert.Equal(HttpStatusCode.OK, reveal.StatusCode);
        var body = await reveal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((Hint, 0.5), (body.GetProperty("hint").GetString(), body.GetProperty("penalty").GetDouble()));
        Assert.Equal(Hint, ProblemOf(await api.GetFromJsonAsync<JsonElement>($"/api/problemsets/{setId}")).GetProperty("hint").GetString());
    }

    [Fact]
    public async Task Hint_OfAnUnpublishedSetOrAProblemWithoutHint_Is404()
    {
        var (_, hidden) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var (_, noHint) = await new ProblemSetBuilder().SaveAsync(host);
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/problems/{hidden}/hint", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/problems/{noHint}/hint", null)).StatusCode);
    }

    [Fact]
    public async Task FreeHint_IsOnThePageWithoutARequest()
    {
        var problemId = await ProblemWithHintAsync(penalty: 0);
        var page = await host.SignedInClientAsync(await host.CreateStudentAsync());

        Assert.Contains("multiply by the inside", await page.GetStringAsync($"/problems/{problemId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_SavesTheHintPenalty_WithoutANewVersionWhenTheSpecIsUnchanged()
    {
        var problemId = await ProblemWithHintAsync(penalty: 0);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var spec = await host.WithDbAsync(db => db.Problems.Where(p => p.Id == problemId).Select(p => p.SpecYaml).SingleAsync());

        var response = await WebHostFixture.PostFormAsync(instructor, $"/authoring/problems/{problemId}", $"/authoring/problems/{problemId}",
            new() { ["Yaml"] = spec, ["HintPenaltyPercent"] = "20", ["Intent"] = "save" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var problem = await host.WithDbAsync(db => db.Problems.AsNoTracking().SingleAsync(p => p.Id == problemId));
        Assert.Equal((0.2, 1), (problem.HintPenalty, problem.Version));
    }

    private async Task<int> ProblemWithHintAsync(double penalty)
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var spec = ProblemSetBuilder.SpecYaml("chain", "sin(x^2)") + $"\nhint: \"{Hint}\"\n";
        await host.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.Versions).SingleAsync(p => p.Id == problemId);
            problem.SpecYaml = spec;
            problem.Versions.Single().SpecYaml = spec;
            problem.HintPenalty = penalty;
            return await db.SaveChangesAsync();
        });
        return problemId;
    }
}
