using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Submissions;

// Grading is claimed in the database, so graders on different nodes cannot both write a grade.
// Runs on whichever database the suite runs on (SQLite, or PostgreSQL in .ci/run's second pass,
// where the racing claims below really run in parallel).
[Collection(WebCollection.Name)]
public sealed class GradingClaimTests(WebHostFixture host)
{
    [Fact]
    public async Task TryClaim_ManyGradersAtOnce_ExactlyOneWins()
    {
        var id = await QueuedSubmissionAsync("2x cos(x^2)");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => WithClaimAsync(c => c.TryClaimAsync(id)))));

        var winner = Assert.Single(claims, c => c is not null);
        var row = await LoadAsync(id);
        Assert.Equal((SubmissionStatus.Grading, winner!.Token), (row.Status, row.GradingAttempts));
    }

    [Fact]
    public async Task RecordGrade_AfterTheClaimWasTakenOver_WritesNothing()
    {
        var id = await QueuedSubmissionAsync("2x cos(x^2)");
        var slow = await WithClaimAsync(c => c.TryClaimAsync(id));
        Assert.NotNull(slow);

        // The slow grader's lease runs out; another takes the submission over and grades it.
        GradingClaim.Claimed? taker;
        using (host.Clock.Travel(LeasePlus(TimeSpan.FromSeconds(1))))
            taker = await WithClaimAsync(c => c.TryClaimAsync(id));
        Assert.NotNull(taker);
        var takerWrote = await WithClaimAsync(c => c.RecordGradeAsync(taker!, Verdict.Correct, 1, "from the new owner", null, "test"));
        var slowWrote = await WithClaimAsync(c => c.RecordGradeAsync(slow!, Verdict.Incorrect, 0, "from the slow grader", null, "test"));

        var row = await LoadAsync(id);
        Assert.True(takerWrote);
        Assert.False(slowWrote);
        Assert.Equal((SubmissionStatus.Graded, "from the new owner", 1.0), (row.Status, row.Feedback, row.Score));
    }

    [Fact]
    public async Task TryClaim_FreshClaimOfAnother_IsRefusedAndLeftToIt()
    {
        var id = await QueuedSubmissionAsync("2x cos(x^2)");
        var first = await WithClaimAsync(c => c.TryClaimAsync(id));

        var second = await WithClaimAsync(c => c.TryClaimAsync(id));
        var due = await WithSweepAsync(s => s.DueAsync(TimeSpan.Zero));

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.DoesNotContain(id, due);
    }

    [Fact]
    public async Task RecoverySweep_ClaimPastItsLease_IsEnqueuedAndGradedOnce()
    {
        var id = await QueuedSubmissionAsync("2x cos(x^2)");
        // As if the node grading it had been killed: claimed, never finished.
        Assert.NotNull(await WithClaimAsync(c => c.TryClaimAsync(id)));
        var longAgo = host.Clock.GetUtcNow() - LeasePlus(TimeSpan.FromSeconds(5));
        await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.GradingStartedAt, longAgo)));

        var due = await WithSweepAsync(s => s.DueAsync(RecoverySweep.PeriodicMinAge));
        Assert.Contains(id, due);
        await WithSweepAsync(s => s.RunAsync(RecoverySweep.PeriodicMinAge));

        // Grading is asynchronous (the fair queue on SQLite, a job on PostgreSQL): poll the row.
        // (The student made here is enrolled nowhere, so the API would not show them the answer.)
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var row = await LoadAsync(id);
        while (row.Status is SubmissionStatus.Queued or SubmissionStatus.Grading && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            row = await LoadAsync(id);
        }
        Assert.Equal((SubmissionStatus.Graded, Verdict.Correct), (row.Status, row.Verdict));
        // The second claim (or offer) is the one that graded.
        Assert.Equal(2, row.GradingAttempts);
    }

    [Fact]
    public async Task Job_RunByManyGradersAtOnce_ClaimsAndGradesOnce()
    {
        var id = await QueuedSubmissionAsync("2x cos(x^2)");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var scope = host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<GradeSubmissionJob>().RunAsync(id);
        })));

        var row = await LoadAsync(id);
        Assert.Equal((SubmissionStatus.Graded, Verdict.Correct, 1), (row.Status, row.Verdict, row.GradingAttempts));
    }

    private TimeSpan LeasePlus(TimeSpan extra) => host.Services.GetRequiredService<GradingOptions>().Lease + extra;

    private async Task<T> WithClaimAsync<T>(Func<GradingClaim, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<GradingClaim>());
    }

    private async Task<T> WithSweepAsync<T>(Func<RecoverySweep, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<RecoverySweep>());
    }

    private Task<Submission> LoadAsync(long id) => StoredSubmission.LoadAsync(host, id);

    private async Task<long> QueuedSubmissionAsync(string answer)
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateUserAsync(Roles.Student);
        return await StoredSubmission.InsertAsync(host, problemId, student.Id, answer, SubmissionStatus.Queued);
    }
}
