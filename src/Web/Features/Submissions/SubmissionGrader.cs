using GraderHub.Grading.Answers;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;

namespace GraderHub.Web.Features.Submissions;

// What grading decided for one submission, ready to store.
public sealed record GradeOutcome(SubmissionStatus Status, Verdict? Verdict, double? Score, string Feedback,
    string? Diagnosis, string? Error)
{
    public const string TooSlowFeedback =
        "This answer took too long to check, so it was not graded and does not use an attempt. Simplify it (expand less, nest less) and submit again.";

    public const string FailedFeedback =
        "This answer could not be graded. Your teaching staff have been told; it does not count against you.";

    public static GradeOutcome Graded(GradeResult result) => new(SubmissionStatus.Graded, Verdicts.ToStored(result.Verdict),
        Math.Clamp(result.Score, 0, 1), result.Feedback, result.Diagnosis, null);

    // Invalid: like an answer that could not be read, it uses no attempt (Attempts.UsesAttempt).
    public static GradeOutcome TooSlow(TimeSpan limit) => new(SubmissionStatus.Graded, Data.Entities.Verdict.Invalid, 0,
        TooSlowFeedback, null, $"grading exceeded the {limit.TotalSeconds:0.###} s limit");

    public static GradeOutcome Failed(string error) => new(SubmissionStatus.Failed, null, null, FailedFeedback, null, error);

    // The one place a grade is written onto a submission.
    public void ApplyTo(Submission s, DateTimeOffset now)
    {
        s.Status = Status;
        s.Verdict = Verdict;
        s.Score = Score;
        s.Feedback = Feedback;
        s.Diagnosis = Diagnosis;
        s.Error = Error;
        s.GraderVersion = Status == SubmissionStatus.Graded ? ProblemGrading.GraderVersion : s.GraderVersion;
        s.GradedAt = now;
    }
}

// The result of grading and the computation itself: after a timeout the engine keeps running
// until its own bounds stop it (it cannot be interrupted), and the worker waits for that before
// it takes the next answer, so an abandoned grading never runs beside a new one.
public sealed record GradingRun(GradeOutcome Outcome, Task Computation);

public sealed class SubmissionGrader(ProblemCatalog catalog, IServiceScopeFactory scopes, TimeSpan timeLimit, ILogger<SubmissionGrader> log)
{
    public TimeSpan TimeLimit { get; } = timeLimit;

    public async Task<GradingRun> GradeAsync(GradingTicket ticket, CancellationToken ct)
    {
        ProblemDefinition? definition;
        bool exists;
        await using (var scope = scopes.CreateAsyncScope())
            (exists, definition) = await catalog.GetAsync(scope.ServiceProvider.GetRequiredService<GraderHubDbContext>(),
                ticket.ProblemId, ticket.ProblemVersion, ct);
        // The spec of the version the student answered, not the current one (issue 5).
        if (!exists) return Done(GradeOutcome.Failed($"problem {ticket.ProblemId} has no version {ticket.ProblemVersion}"));
        if (definition is null) return Done(GradeOutcome.Failed($"invalid spec: problem {ticket.ProblemId} v{ticket.ProblemVersion} does not read"));

        var work = Task.Run(() => definition.Variant(ticket.Seed).Grade(ticket.Answer), CancellationToken.None);
        var finished = await Task.WhenAny(work, Task.Delay(TimeLimit, ct));
        if (finished != work)
        {
            log.LogWarning("Grading submission {Id} took longer than {Limit}", ticket.Id, TimeLimit);
            return new GradingRun(GradeOutcome.TooSlow(TimeLimit), work);
        }
        try
        {
            return Done(GradeOutcome.Graded(await work));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The engine's own failures come back as results; anything else is a bug to look at.
            log.LogError(ex, "Grading submission {Id} threw", ticket.Id);
            return Done(GradeOutcome.Failed("the grader threw " + ex.GetType().Name + ": " + ex.Message));
        }
    }

    private static GradingRun Done(GradeOutcome outcome) => new(outcome, Task.CompletedTask);
}
