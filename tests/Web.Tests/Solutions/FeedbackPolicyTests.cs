using GraderHub.Data.Entities;
using GraderHub.Tests.Shared;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Regrade;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GraderHub.Web.Tests.Solutions;

// Iterate feedback shows the expected value only once the student's solution is released
// (FeedbackPolicy reads the set's SolutionPolicy at grading time); words before.
[Collection(WebCollection.Name)]
public sealed class FeedbackPolicyTests(WebHostFixture host)
{
    private const string Newton = """
        key: chain
        title: Newton
        kind: newton
        variables: [x]
        function: "x^2 - 2"
        start: ["1"]
        steps: 3
        statement: "Iterate from {{x0}}, {{precision}}."
        """;

    // x2 slipped: one Newton step from x1 = 1.5 gives 1.4166667.
    private const string Slipped = "1.5, 1.45, 1.414655";

    private async Task<string> GradedFeedbackAsync(int? maxAttempts, SolutionRelease release)
    {
        var builder = new ProblemSetBuilder().Spec("newton", Newton).Solutions(release);
        if (maxAttempts is { } n) builder.MaxAttempts(n);
        var (_, problemId) = await builder.SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var id = await host.AddQueuedSubmissionAsync(problemId, student.Id, Slipped, 7);
        var grader = new SubmissionGrader(host.Services.GetRequiredService<ProblemCatalog>(),
            host.Services.GetRequiredService<IServiceScopeFactory>(), TimeSpan.FromSeconds(30), NullLogger<SubmissionGrader>.Instance);
        var run = await grader.GradeAsync(new GradingTicket(id, student.Id, problemId, 1, 7, Slipped), CancellationToken.None);
        return run.Outcome.Result!.Feedback;
    }

    [Fact]
    public async Task Grade_BeforeTheSolutionIsReleased_GivesWords()
    {
        var feedback = await GradedFeedbackAsync(maxAttempts: 3, SolutionRelease.AfterAttempts);

        Assert.Contains("Step 2 does not follow from your step 1, x1 = 1.5: one Newton step from there does not give 1.45.", feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("1.41666", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_TheLastAttemptReleasesTheSolution_GivesValues()
    {
        // After attempts: this answer uses the only attempt, so the solution (and the value) is shown.
        var feedback = await GradedFeedbackAsync(maxAttempts: 1, SolutionRelease.AfterAttempts);

        Assert.Contains("one Newton step from there gives 1.4166667, not 1.45", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_SolutionsNever_GivesWordsEvenOnTheLastAttempt()
    {
        var feedback = await GradedFeedbackAsync(maxAttempts: 1, SolutionRelease.Never);

        Assert.DoesNotContain("1.41666", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regrade_OfAStudentWhoseSolutionIsReleased_GivesValues()
    {
        var (_, problemId) = await new ProblemSetBuilder().Spec("newton", Newton).Solutions(SolutionRelease.AfterAttempts).MaxAttempts(1).SaveAsync(host);
        var student = await host.CreateStudentAsync();
        var id = await host.AddQueuedSubmissionAsync(problemId, student.Id, Slipped, 7);
        // Graded once by a spec that was wrong (marked right), so the regrade changes it.
        await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Status, SubmissionStatus.Graded).SetProperty(s => s.Verdict, Verdict.Correct)
            .SetProperty(s => s.Score, 1.0).SetProperty(s => s.Feedback, "Correct.")));

        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Regrader>().ApplyAsync([problemId], null, (_, _) => Task.CompletedTask, CancellationToken.None);

        var feedback = await host.WithDbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.Feedback).SingleAsync());
        Assert.Contains("one Newton step from there gives 1.4166667, not 1.45", feedback, StringComparison.Ordinal);
    }
}
