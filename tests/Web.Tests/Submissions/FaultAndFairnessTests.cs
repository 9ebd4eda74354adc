using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Tests.Shared;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace GraderHub.Web.Tests.Submissions;

// Issue 11, items 4 and 5 through the real endpoints: storage faults answered as what they are
// (503, nothing stored, /health Unhealthy), idempotent retries, the per-student rate limit, the
// grading time limit and the fair queue.
[Collection(WebCollection.Name)]
public sealed partial class FaultAndFairnessTests(WebHostFixture host, ITestOutputHelper output)
{
    [SqliteFact]
    public async Task Submit_DatabaseLockedByAnotherConnection_Is503WithRetryAfterAndStoresNothing()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var anonymous = host.CreateBrowserClient();

        var connectionString = await host.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        HttpResponseMessage response, health;
        var clock = Stopwatch.StartNew();
        await using (var holder = new SqliteConnection(connectionString))
        {
            await holder.OpenAsync();
            await using var exclusive = holder.BeginTransaction(System.Data.IsolationLevel.Serializable);
            await using (var take = holder.CreateCommand())
            {
                // A write inside the transaction takes the database's write lock and keeps it.
                take.CommandText = "UPDATE Courses SET Title = Title;";
                await take.ExecuteNonQueryAsync();
            }
            clock.Restart();
            response = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });
            output.WriteLine($"503 after {clock.ElapsedMilliseconds} ms");
            health = await anonymous.GetAsync("/health");
            exclusive.Rollback();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Contains("not stored", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("Unhealthy", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));

        // Unlocked: the same answer is stored and graded, and the site is healthy again.
        var again = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var id = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal("correct", (await WebHostFixture.WaitForGradeAsync(api, id)).GetProperty("verdict").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [SqliteFact]
    public async Task Submit_DiskFull_Is503AndEveryAcceptedAnswerIsStoredAndGraded()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        // Long answers fill pages quickly; a student per few posts stays under the rate limit.
        var answer = string.Join("+", Enumerable.Repeat("x", 950));
        var accepted = new List<(HttpClient Api, long Id)>();
        var users = new List<string>();
        HttpResponseMessage? full = null;
        HttpResponseMessage? health = null;
        // The students exist before the disk fills: the test's own setup must not meet the fault.
        var students = new List<(string Id, HttpClient Api)>();
        for (var round = 0; round < 12; round++)
        {
            var student = await host.CreateStudentAsync();
            students.Add((student.Id, await host.BearerClientAsync(student)));
        }
        using (host.DiskFull.Fill())
        {
            for (var round = 0; round < students.Count && full is null; round++)
            {
                var (studentId, api) = students[round];
                users.Add(studentId);
                for (var i = 0; i < 5 && full is null; i++)
                {
                    var response = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer });
                    if (response.StatusCode == HttpStatusCode.Accepted)
                        accepted.Add((api, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()));
                    else
                        full = response;
                }
            }
            if (full is not null) health = await host.CreateBrowserClient().GetAsync("/health");
        }
        output.WriteLine($"{accepted.Count} accepted before the disk was full");

        Assert.NotNull(full);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health!.StatusCode);
        // Nothing stored for the refused post, nothing lost of the accepted ones.
        Assert.Equal(accepted.Count, await host.WithDbAsync(db => db.Submissions.CountAsync(s => users.Contains(s.UserId))));
        foreach (var (api, id) in accepted)
            Assert.Equal("graded", (await WebHostFixture.WaitForGradeAsync(api, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submit_RetryWithSameIdempotencyKey_ReturnsSameSubmissionAndUsesNoAttempt()
    {
        var (_, problemId) = await new ProblemSetBuilder().MaxAttempts(1).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        async Task<HttpResponseMessage> PostAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problemId}/submissions")
            {
                Content = JsonContent.Create(new { answer = "2x cos(x^2)" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await api.SendAsync(request);
        }

        var first = await PostAsync("retry-key-1");
        var retry = await PostAsync("retry-key-1");
        var another = await PostAsync("retry-key-2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        // The set allows one attempt: the retry did not use it, a new key is a new answer.
        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        Assert.Equal(1, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task SubmitForm_PostedTwiceWithItsKey_StoresOneAnswer()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var browser = await host.SignedInClientAsync(student);
        var page = await browser.GetStringAsync($"/problems/{problemId}");
        var fields = new Dictionary<string, string>
        {
            ["answer"] = "2x cos(x^2)",
            ["idempotencyKey"] = KeyField().Match(page).Groups[1].Value,
            ["__RequestVerificationToken"] = TokenField().Match(page).Groups[1].Value,
        };

        var first = await browser.PostAsync($"/problems/{problemId}", new FormUrlEncodedContent(fields));
        var second = await browser.PostAsync($"/problems/{problemId}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(1, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task Submit_FasterThanTheRateLimit_Is429WithRetryAfterAndThePageSaysWhy()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var browser = await host.SignedInClientAsync(student);
        // The answer form as the page shows it: its token and its idempotency key.
        var answerForm = await PageForms.FindAsync(browser, $"/problems/{problemId}", $"/problems/{problemId}");

        var responses = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ =>
            api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" })));
        // The same student on the problem page, through its form: told why, nothing stored.
        HttpResponseMessage? page = null;
        for (var i = 0; i < 15 && page is null; i++)
        {
            var fields = answerForm.Fill(new Dictionary<string, string> { ["answer"] = "2x cos(x^2)" });
            // Each try is a new answer typed into the page, not a resend of the same one.
            fields["idempotencyKey"] = Guid.NewGuid().ToString("N");
            var form = await browser.PostAsync(answerForm.Action, new FormUrlEncodedContent(fields));
            if (form.StatusCode != HttpStatusCode.Redirect) page = form;
            else responses = [.. responses, form];
        }

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.Redirect }));
        Assert.NotNull(refused[0].Headers.RetryAfter?.Delta);
        Assert.Equal(responses.Count(r => r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Redirect),
            await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));

        Assert.NotNull(page);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("faster than anyone can type", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_OverTheTimeLimit_IsInvalidTooSlowAndUsesNoAttempt()
    {
        var (_, problemId) = await new ProblemSetBuilder().MaxAttempts(1).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var id = await host.WithDbAsync(async db =>
        {
            var s = new Submission
            {
                ProblemId = problemId, UserId = student.Id, AnswerText = SlowAnswer, VariantSeed = 7, ProblemVersion = 1,
                AttemptNumber = 1, Status = SubmissionStatus.Queued, SubmittedAt = DateTimeOffset.UtcNow,
            };
            db.Submissions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        var ticket = new GradingTicket(id, student.Id, problemId, 1, 7, SlowAnswer);

        // A limit no real grading meets, so the test does not depend on the machine's speed.
        var grader = new SubmissionGrader(host.Services.GetRequiredService<ProblemCatalog>(),
            host.Services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromTicks(1), NullLogger<SubmissionGrader>.Instance);
        var run = await grader.GradeAsync(ticket, CancellationToken.None);
        await host.Services.GetRequiredService<GradeWriter>().StoreAsync([new GradeWriter.Item(ticket, run.Outcome, false)], CancellationToken.None);
        // Ends either way: cancelled at the limit, or finished first (that the engine stops
        // mid-way is CancellationTests' deterministic check, in Grading.Tests).
        await Task.WhenAny(run.Computation);

        var stored = await host.WithDbAsync(db => db.Submissions.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal((SubmissionStatus.Graded, Verdict.Invalid), (stored.Status, stored.Verdict));
        Assert.Contains("took too long to check", stored.Feedback, StringComparison.Ordinal);
        // The set allows one attempt, and the answer that took too long did not use it.
        var api = await host.BearerClientAsync(student);
        var next = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
    }

    [Fact]
    public async Task Queue_OneStudentsBacklog_DoesNotDelayAnother()
    {
        var queue = new GradingQueue(perStudentInFlight: 1);
        for (var i = 1; i <= 5; i++) queue.Enqueue(new GradingTicket(i, "flooder", 1, 1, 0, "x"));
        queue.Enqueue(new GradingTicket(100, "other", 1, 1, 0, "x"));
        Assert.False(queue.Enqueue(new GradingTicket(100, "other", 1, 1, 0, "x")));

        var first = await queue.DequeueAsync(CancellationToken.None);
        var second = await queue.DequeueAsync(CancellationToken.None);
        // The flooder has one answer in flight, so nothing more of theirs is handed out.
        var third = queue.DequeueAsync(CancellationToken.None);
        await Task.Yield();

        Assert.Equal((1L, 100L), (first.Id, second.Id));
        Assert.False(third.IsCompleted);
        queue.Complete(first);
        Assert.Equal(2L, (await third.WaitAsync(TimeSpan.FromSeconds(10))).Id);
    }

    // Seconds of work, so the 1-tick limit always wins: the binomial sum this test used first is
    // now answered "incorrect" within milliseconds, sometimes before the limit's timer fired.
    private static readonly string SlowAnswer = SlowAnswers.Pathological("2x cos(x^2)");

    [GeneratedRegex("name=\"idempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex KeyField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
