using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class ApiTests(WebHostFixture host)
{
    [Fact]
    public async Task Login_WrongPassword_Is401()
    {
        var student = await host.CreateStudentAsync();
        var client = host.CreateBrowserClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = student.Email, password = "nope" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Preview_Malformed_Is400WithColumn_WellFormed_GivesLatex()
    {
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        var bad = await api.PostAsJsonAsync("/api/preview", new { answer = "2x +* 3", vars = new[] { "x" } });
        var good = await api.PostAsJsonAsync("/api/preview", new { answer = "2x cos(x^2)", vars = new[] { "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("column").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("\\cos", (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("latex").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProblemSet_ShowsCallersVariantOfTheStatement()
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        var list = await api.GetFromJsonAsync<JsonElement>("/api/problemsets");
        var set = await api.GetFromJsonAsync<JsonElement>($"/api/problemsets/{setId}");

        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt32() == setId);
        var problem = Assert.Single(set.GetProperty("problems").EnumerateArray());
        Assert.Equal(problemId, problem.GetProperty("id").GetInt32());
        Assert.Contains("\\sin", problem.GetProperty("statementMarkdown").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProblemSet_Unpublished_Is404()
    {
        var (setId, _) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/problemsets/{setId}")).StatusCode);
    }

    [Fact]
    public async Task Health_DatabaseAndJobs_HealthyAndNothingElseToAnAnonymousCaller()
    {
        var response = await host.CreateBrowserClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["status"], body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task SeededCourse_Week1_IsLoadedWithItsProblems()
    {
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        var list = await api.GetFromJsonAsync<JsonElement>("/api/problemsets");

        var week1 = Assert.Single(list.EnumerateArray(), s => s.GetProperty("key").GetString() == "week-1");
        Assert.True(week1.GetProperty("problems").GetInt32() >= 6);
    }
}
