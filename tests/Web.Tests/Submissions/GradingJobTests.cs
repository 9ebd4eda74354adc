using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Submissions;

[Collection(WebCollection.Name)]
public sealed class GradingJobTests(WebHostFixture host)
{
    [Fact]
    public async Task RecoverySweep_QueuedSubmissionWithNoJob_GetsGraded()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        // As if the process died after storing and before (or while) grading.
        var id = await InsertAsync(problemId, student.Id, "2x cos(x^2)", SubmissionStatus.Grading);

        using (var scope = host.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<RecoverySweep>().RunAsync(TimeSpan.Zero) >= 1);

        var api = await host.BearerClientAsync(student);
        var grade = await WebHostFixture.WaitForGradeAsync(api, id);
        Assert.Equal("correct", grade.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Job_RunTwice_ChangesNothingTheSecondTime()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var id = await InsertAsync(problemId, student.Id, "cos(x^2)", SubmissionStatus.Queued);

        await RunJobAsync(id);
        var first = await LoadAsync(id);
        await RunJobAsync(id);
        var second = await LoadAsync(id);

        Assert.Equal(SubmissionStatus.Graded, first.Status);
        Assert.Equal(Verdict.Incorrect, first.Verdict);
        Assert.Equal((first.Score, first.Feedback, first.GradedAt, first.GradingAttempts),
            (second.Score, second.Feedback, second.GradedAt, second.GradingAttempts));
    }

    [Fact]
    public async Task Job_SpecVersionMissing_MarksFailedInsteadOfThrowing()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var id = await InsertAsync(problemId, student.Id, "x", SubmissionStatus.Queued, problemVersion: 42);

        await RunJobAsync(id);

        var s = await LoadAsync(id);
        Assert.Equal(SubmissionStatus.Failed, s.Status);
        Assert.Contains("no version 42", s.Error, StringComparison.Ordinal);
    }

    private async Task RunJobAsync(long id)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GradeSubmissionJob>().RunAsync(id);
    }

    private Task<Submission> LoadAsync(long id) => StoredSubmission.LoadAsync(host, id);

    private Task<long> InsertAsync(int problemId, string userId, string answer, SubmissionStatus status, int problemVersion = 1) =>
        StoredSubmission.InsertAsync(host, problemId, userId, answer, status, problemVersion);
}

// A submission written straight to the database with no job enqueued, so that only the test's
// own graders (or sweeps) touch it.
internal static class StoredSubmission
{
    public static Task<long> InsertAsync(WebHostFixture host, int problemId, string userId, string answer,
        SubmissionStatus status, int problemVersion = 1) =>
        host.WithDbAsync(async db =>
        {
            var s = new Submission
            {
                ProblemId = problemId, UserId = userId, AnswerText = answer, VariantSeed = 7, ProblemVersion = problemVersion,
                AttemptNumber = 1, Status = status, SubmittedAt = host.Clock.GetUtcNow().AddMinutes(-5),
            };
            db.Submissions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });

    public static Task<Submission> LoadAsync(WebHostFixture host, long id) =>
        host.WithDbAsync(db => db.Submissions.AsNoTracking().SingleAsync(s => s.Id == id));
}
