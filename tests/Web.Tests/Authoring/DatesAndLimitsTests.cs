using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Authoring;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Authoring;

// Dates run on the server's clock (TimeProvider); the test host's clock is moved forward here.
[Collection(WebCollection.Name)]
public sealed class DatesAndLimitsTests(WebHostFixture host)
{
    [Fact]
    public async Task SetOpeningTomorrow_IsHiddenUntilItOpens_OnPagesAndApi()
    {
        var now = host.Clock.GetUtcNow();
        var (setId, problemId) = await new ProblemSetBuilder().OpensAt(now.AddDays(1)).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var page = await host.SignedInClientAsync(student);
        var api = await host.BearerClientAsync(student);

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/sets/{setId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/problems/{problemId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/problemsets/{setId}")).StatusCode);
        Assert.DoesNotContain($"\"id\":{setId},", await api.GetStringAsync("/api/problemsets"), StringComparison.Ordinal);

        using (host.Clock.Travel(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)))
        {
            // Bearer tokens live an hour by the same clock: sign in again "tomorrow".
            api = await host.BearerClientAsync(student);
            Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/sets/{setId}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/problemsets/{setId}")).StatusCode);
            Assert.Contains($"\"id\":{setId},", await api.GetStringAsync("/api/problemsets"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AfterHardClose_SubmissionsAreRefusedWithAClearMessage_PageAndApi_NothingStored()
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var now = host.Clock.GetUtcNow();
        await AuthoringKit.UpdateSetAsync(host, setId, s => { s.DueAt = now.AddHours(1); s.HardCloseAt = now.AddHours(2); });
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var page = await host.SignedInClientAsync(student);
        var before = await SubmitAnswerTests.SubmitAsync(api, problemId, "2x cos(x^2)");

        using (host.Clock.Travel(TimeSpan.FromHours(3)))
        {
            // Bearer tokens live an hour by the same clock: sign in again.
            api = await host.BearerClientAsync(student);
            var refused = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = "2x cos(x^2)" });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("no longer accepted", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);

            var form = await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}", new() { ["answer"] = "2x cos(x^2)" });
            Assert.Equal(HttpStatusCode.Conflict, form.StatusCode);
            Assert.Contains("no longer accepted", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var stored = await host.WithDbAsync(db => db.Submissions.Where(s => s.UserId == student.Id).Select(s => s.Id).ToListAsync());
        Assert.Equal([before], stored);
    }

    [Fact]
    public async Task LateSubmission_LosesThePenaltyPerStartedDay_OnApiAndPages()
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var now = host.Clock.GetUtcNow();
        await AuthoringKit.UpdateSetAsync(host, setId, s => { s.DueAt = now.AddHours(1); s.LatePenaltyPerDay = 0.25; });
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var page = await host.SignedInClientAsync(student);
        var onTime = await SubmitAnswerTests.SubmitAsync(api, problemId, "2x cos(x^2)");

        long late;
        // One day and one hour past the due date: two started days, 50 % off.
        using (host.Clock.Travel(TimeSpan.FromDays(1) + TimeSpan.FromHours(2)))
            late = await SubmitAnswerTests.SubmitAsync(await host.BearerClientAsync(student), problemId, "cos(x^2) * 2x");

        var onTimeGrade = await WebHostFixture.WaitForGradeAsync(api, onTime);
        var lateGrade = await WebHostFixture.WaitForGradeAsync(api, late);
        Assert.Equal(1.0, onTimeGrade.GetProperty("score").GetDouble());
        Assert.Equal("correct", lateGrade.GetProperty("verdict").GetString());
        Assert.Equal(1.0, lateGrade.GetProperty("gradedScore").GetDouble());
        Assert.Equal(0.5, lateGrade.GetProperty("score").GetDouble(), 9);
        // The page shows the late attempt at 50 %; the best (on time) still counts in full.
        var html = await page.GetStringAsync($"/problems/{problemId}");
        Assert.Contains("Correct &middot; 50%", html, StringComparison.Ordinal);
        Assert.Contains("Correct &middot; 100%", html, StringComparison.Ordinal);
        Assert.Contains("later answers lose 25% per started day", html, StringComparison.Ordinal);
        Assert.Contains("100%", await page.GetStringAsync($"/sets/{setId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LateOnly_BestScoreOnTheSetPageIsPenalised()
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var now = host.Clock.GetUtcNow();
        await AuthoringKit.UpdateSetAsync(host, setId, s => { s.DueAt = now.AddHours(-1); s.LatePenaltyPerDay = 0.1; });
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        await WebHostFixture.WaitForGradeAsync(api, await SubmitAnswerTests.SubmitAsync(api, problemId, "2x cos(x^2)"));

        var set = (await api.GetFromJsonAsync<JsonElement>("/api/problemsets")).EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == setId);
        // 2 points, one started day late at 10 %/day.
        Assert.Equal(1.8, set.GetProperty("pointsEarned").GetDouble(), 9);
    }

    [Fact]
    public async Task AttemptLimit_RefusesOnThePageWithAClearMessage_NoAttemptStored()
    {
        var (_, problemId) = await new ProblemSetBuilder().MaxAttempts(1).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var page = await host.SignedInClientAsync(student);
        await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}", new() { ["answer"] = "cos(x^2)" });

        var second = await WebHostFixture.PostFormAsync(page, $"/problems/{problemId}", $"/problems/{problemId}", new() { ["answer"] = "2x cos(x^2)" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("You have used all 1 attempts", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Theory]
    [InlineData(0, 0.25, 1.0)]          // on time
    [InlineData(1, 0.25, 0.75)]         // a minute late is a started day
    [InlineData(1440, 0.25, 0.75)]      // exactly one day late
    [InlineData(1441, 0.25, 0.5)]
    [InlineData(100_000, 0.25, 0.0)]    // never below zero
    [InlineData(5000, 0.0, 1.0)]        // no penalty set
    public void ScorePolicy_LateFactor_PerStartedDay(int minutesLate, double perDay, double expected)
    {
        var due = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, Features.Scoring.ScorePolicy.LateFactor(due, perDay, due.AddMinutes(minutesLate)), 9);
        Assert.Equal(1.0, Features.Scoring.ScorePolicy.LateFactor(null, perDay, due.AddDays(30)));
    }
}
