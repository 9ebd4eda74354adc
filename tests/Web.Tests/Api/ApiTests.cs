using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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

    // A script's one request per answer: the POST waits for the grade and answers with it.
    [Fact]
    public async Task Submit_WithWait_AnswersWithTheGradeInOneRequest()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        var asked = System.Diagnostics.Stopwatch.StartNew();
        var right = await PostAsync(api, problemId, "2x cos(x^2)", "key-right", wait: 10);
        // Woken by the grade, not answered at the end of the wait (which would find it graded too).
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(8), $"the POST answered after {asked.Elapsed}, at the end of its wait");
        var wrong = await PostAsync(api, problemId, "cos(x^2)", "key-wrong", wait: 10);
        var plain = await PostAsync(api, problemId, "2x cos(x^2)", "key-plain", wait: 0);

        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        var graded = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("graded", graded.GetProperty("status").GetString());
        Assert.Equal(1.0, graded.GetProperty("score").GetDouble());
        var id = graded.GetProperty("id").GetInt64();
        Assert.Equal($"/api/submissions/{id}", right.Headers.Location?.AbsolutePath);
        // The same body GET gives, so a client reads one shape.
        Assert.Equal(graded.ToString(), (await api.GetFromJsonAsync<JsonElement>($"/api/submissions/{id}")).ToString());

        Assert.Equal(HttpStatusCode.Created, wrong.StatusCode);
        var wrongBody = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0.0, wrongBody.GetProperty("score").GetDouble());
        Assert.Equal(2, wrongBody.GetProperty("attempt").GetInt32());

        // Without wait: answered at once, as before.
        Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        Assert.Equal(["id", "status"], (await plain.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name));
    }

    // A retried POST (same Idempotency-Key) of an answer not graded within the wait: 202 with the
    // submission as it stands, nothing stored again.
    [Fact]
    public async Task Submit_WithWait_NotGradedInTime_Is202WithTheSubmissionAsItStands()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        // Stored as queued and not handed to the grader: only the recovery sweep, minutes later,
        // would grade it.
        var id = await host.WithDbAsync(async db =>
        {
            var s = new Submission
            {
                ProblemId = problemId, UserId = student.Id, AnswerText = "2x cos(x^2)", VariantSeed = 1, ProblemVersion = 1,
                AttemptNumber = 1, IdempotencyKey = "key-stored", Status = SubmissionStatus.Queued, SubmittedAt = DateTimeOffset.UtcNow,
            };
            db.Submissions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });

        var started = DateTime.UtcNow;
        var again = await PostAsync(api, problemId, "2x cos(x^2)", "key-stored", wait: 1);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the POST did not wait");
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("id").GetInt64());
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("attempt").GetInt32());
        Assert.Equal($"/api/submissions/{id}", again.Headers.Location?.AbsolutePath);
        Assert.Equal(1, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient api, int problemId, string answer, string key, int wait)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problemId}/submissions" + (wait > 0 ? $"?wait={wait}" : ""))
        {
            Content = JsonContent.Create(new { answer }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await api.SendAsync(request);
    }
}
