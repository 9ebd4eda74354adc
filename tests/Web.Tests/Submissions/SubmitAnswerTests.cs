using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Tests.Shared;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Submissions;

[Collection(WebCollection.Name)]
public sealed class SubmitAnswerTests(WebHostFixture host)
{
    [Fact]
    public async Task Submit_CorrectInAnotherFormAndWrong_StoresTheRightGrades()
    {
        var (_, problemId) = await new ProblemSetBuilder().Function("sin(x^2)").SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        var right = await SubmitAsync(api, problemId, "2x cos(x^2)");
        var wrong = await SubmitAsync(api, problemId, "cos(x^2)");
        var rightGrade = await WebHostFixture.WaitForGradeAsync(api, right);
        var wrongGrade = await WebHostFixture.WaitForGradeAsync(api, wrong);

        Assert.Equal("correct", rightGrade.GetProperty("verdict").GetString());
        Assert.Equal(1.0, rightGrade.GetProperty("score").GetDouble());
        Assert.Equal("incorrect", wrongGrade.GetProperty("verdict").GetString());
        Assert.Equal(0.0, wrongGrade.GetProperty("score").GetDouble());
        Assert.False(string.IsNullOrWhiteSpace(wrongGrade.GetProperty("feedback").GetString()));

        var stored = await host.WithDbAsync(db => db.Submissions.AsNoTracking()
            .Where(s => s.UserId == student.Id && s.ProblemId == problemId).OrderBy(s => s.AttemptNumber).ToListAsync());
        Assert.Equal([1, 2], stored.Select(s => s.AttemptNumber));
        Assert.Equal([Verdict.Correct, Verdict.Incorrect], stored.Select(s => s.Verdict!.Value));
        Assert.All(stored, s => Assert.Equal(SubmissionStatus.Graded, s.Status));
        Assert.All(stored, s => Assert.Equal(ProblemGrading.GraderVersion, s.GraderVersion));
        Assert.All(stored, s => Assert.NotNull(s.GradedAt));
        var problem = await host.WithDbAsync(db => db.Problems.Include(p => p.ProblemSet).SingleAsync(p => p.Id == problemId));
        Assert.All(stored, s => Assert.Equal(VariantSeeds.For(student.Id, problem.ProblemSet.Key, problem.Key), s.VariantSeed));
    }

    [Fact]
    public async Task Submit_MalformedAnswer_Returns400WithColumnAndUsesNoAttempt()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        var response = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("column").GetInt32() >= 1);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));

        // The next well-formed answer is the first attempt.
        var id = await SubmitAsync(api, problemId, "2x cos(x^2)");
        Assert.Equal(1, await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.AttemptNumber).SingleAsync()));
    }

    [Fact]
    public async Task SubmitForm_MalformedAnswer_ShowsErrorWith400AndStoresNothing()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var browser = await host.SignedInClientAsync(student);

        var response = await WebHostFixture.PostFormAsync(browser, $"/problems/{problemId}", $"/problems/{problemId}",
            new() { ["answer"] = "sin(x))" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("column", html, StringComparison.Ordinal);
        Assert.Contains("did not use an attempt", html, StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task SubmitForm_WellFormed_RedirectsToProblemWithQueuedOrGradedAttempt()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var browser = await host.SignedInClientAsync(student);

        var response = await WebHostFixture.PostFormAsync(browser, $"/problems/{problemId}", $"/problems/{problemId}",
            new() { ["answer"] = "2*x*cos(x^2)" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await browser.GetStringAsync($"/problems/{problemId}");
        Assert.Contains("2*x*cos(x^2)", html, StringComparison.Ordinal);
        Assert.Contains("data-submission-id", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_BeyondMaxAttempts_IsRefusedWithConflict()
    {
        var (_, problemId) = await new ProblemSetBuilder().MaxAttempts(1).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        await SubmitAsync(api, problemId, "cos(x^2)");
        var second = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task Submit_AfterHardClose_IsRefusedAndStoresNothing()
    {
        var (_, problemId) = await new ProblemSetBuilder().HardCloseAt(DateTimeOffset.UtcNow.AddMinutes(-1)).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        var response = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("closed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task Submit_ParallelPostsBySameStudent_GetDistinctAttemptNumbers()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SubmitAsync(api, problemId, "2x cos(x^2)")));

        var attempts = await host.WithDbAsync(db => db.Submissions.Where(s => ids.Contains(s.Id))
            .Select(s => s.AttemptNumber).ToListAsync());
        Assert.Equal([1, 2, 3, 4, 5, 6], attempts.Order());
    }

    // SQLite's group commit: posts that arrive while a write holds the database are committed in
    // one batch, and the batch numbers them as if one at a time: consecutive attempts, the
    // attempt limit counted across the batch, a retried key answered with its first post's
    // submission. None of it may fail the batch on the unique index (the posts would then be
    // retried one by one, correct but no longer grouped). PostgreSQL inserts one post at a time.
    [SqliteFact]
    public async Task Submit_PostsWaitingForOneCommit_AreNumberedAsOneAtATime()
    {
        var (_, problemId) = await new ProblemSetBuilder().MaxAttempts(3).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var inserts = host.Services.GetRequiredService<SubmissionInserts>();
        var before = inserts.Counts;

        Task<HttpResponseMessage> PostAsync(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problemId}/submissions")
            {
                Content = JsonContent.Create(new { answer = "2x cos(x^2)" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return api.SendAsync(request);
        }

        Task<HttpResponseMessage[]> posts;
        // Hold the write turn, as a grade batch does, so that the posts queue up behind it.
        using (await host.Services.GetRequiredService<WriteGate>().EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            posts = Task.WhenAll(new[] { "a", "a", "b", "c", "d", "e" }.Select(PostAsync));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var replies = await posts;

        var after = inserts.Counts;
        Assert.Equal(before.Failed, after.Failed);
        Assert.True(after.Largest >= 2, $"largest batch {after.Largest}: the posts were not grouped");
        var statuses = replies.Select(r => r.StatusCode).ToList();
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.Conflict));
        // Both posts with key "a" name the same submission.
        var ids = await Task.WhenAll(replies.Take(2).Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()));
        Assert.Equal(ids[0], ids[1]);
        var attempts = await host.WithDbAsync(db => db.Submissions.Where(s => s.UserId == student.Id).Select(s => s.AttemptNumber).ToListAsync());
        Assert.Equal([1, 2, 3], attempts.Order());
    }

    // The attempt limit inside one batch: a first post keeps the insert loop waiting at the held
    // write turn, so the six that follow all queue for the same next batch.
    [SqliteFact]
    public async Task Submit_MorePostsInOneCommitThanAttemptsLeft_StoresOnlyTheAttemptsLeft()
    {
        var (_, problemId) = await new ProblemSetBuilder().MaxAttempts(3).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var other = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var otherApi = await host.BearerClientAsync(other);
        var inserts = host.Services.GetRequiredService<SubmissionInserts>();
        var before = inserts.Counts;

        Task<HttpResponseMessage> Post(HttpClient client) =>
            client.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });

        Task<HttpResponseMessage> first;
        Task<HttpResponseMessage[]> posts;
        using (await host.Services.GetRequiredService<WriteGate>().EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            // Margins for a loaded machine; the six wait under the submit's 3 s timeout.
            first = Post(otherApi);
            await Task.Delay(TimeSpan.FromSeconds(1));
            posts = Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Post(api)));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
        Assert.Equal(HttpStatusCode.Accepted, (await first).StatusCode);
        var statuses = (await posts).Select(r => r.StatusCode).ToList();

        var after = inserts.Counts;
        Assert.Equal(before.Failed, after.Failed);
        Assert.True(after.Largest >= 6, $"largest batch {after.Largest}: the six posts were not in one batch");
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Conflict));
        var attempts = await host.WithDbAsync(db => db.Submissions.Where(s => s.UserId == student.Id).Select(s => s.AttemptNumber).ToListAsync());
        Assert.Equal([1, 2, 3], attempts.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("x^^^")]
    [InlineData("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((x")]
    [InlineData("\u0000\uFFFF")]
    public async Task Submit_HostileInput_Is400NeverA500(string answer)
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        var response = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Submit_UnpublishedOrNotYetOpenSet_Is404()
    {
        var (_, hidden) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var (_, future) = await new ProblemSetBuilder().OpensAt(DateTimeOffset.UtcNow.AddDays(3)).SaveAsync(host);
        var api = await host.BearerClientAsync(await host.CreateStudentAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/problems/{hidden}/submissions", new { answer = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/problems/{future}/submissions", new { answer = "x" })).StatusCode);
    }

    internal static async Task<long> SubmitAsync(HttpClient api, int problemId, string answer)
    {
        var response = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetInt64();
    }
}
