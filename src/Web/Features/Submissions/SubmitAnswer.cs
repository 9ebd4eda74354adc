using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

public abstract record SubmitOutcome
{
    public sealed record Accepted(long Id, SubmissionStatus Status) : SubmitOutcome;
    // Malformed: nothing stored, no attempt used.
    public sealed record Malformed(string Error, int Column) : SubmitOutcome;
    public sealed record NotFound : SubmitOutcome;
    public sealed record Refused(string Reason) : SubmitOutcome;
}

// The submit step of DESIGN.md's flow, shared by the form and the JSON API: parse at once,
// store as queued in one transaction, enqueue the grading job, return without waiting.
public sealed class SubmitAnswer(GraderHubDbContext db, IBackgroundJobClient jobs, TimeProvider clock,
    ProblemCatalog catalog, ILogger<SubmitAnswer> log)
{
    public async Task<SubmitOutcome> HandleAsync(string userId, int problemId, string? answer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var problem = await db.VisibleProblems(now).Include(p => p.ProblemSet)
            .SingleOrDefaultAsync(p => p.Id == problemId, ct);
        if (problem is null) return new SubmitOutcome.NotFound();

        answer = answer?.Trim() ?? "";
        if (catalog.VariantFor(userId, problem) is not { } variant)
            return new SubmitOutcome.Refused("This problem is being fixed by the teaching staff; try again later.");
        // The same reading as the live preview: a syntax, shape or format error uses no attempt.
        if (PreviewAnswer.Read(variant, answer) is { Ok: false } preview)
            return new SubmitOutcome.Malformed(preview.Error ?? "The answer could not be read.", preview.Column ?? 1);
        var seed = variant.Seed;

        var set = problem.ProblemSet;
        if (set.HardCloseAt is { } close && now > close)
            return new SubmitOutcome.Refused($"This problem set closed on {close:yyyy-MM-dd HH:mm} UTC; answers are no longer accepted.");

        // The unique (user, problem, attempt) index turns a race between two posts into a
        // conflict; the loser retries with the next number (the database, not this process, is
        // the arbiter, so this holds with several web nodes too).
        for (var tries = 0; tries < MaxInsertTries; tries++)
        {
            var used = await db.Submissions.Where(s => s.UserId == userId && s.ProblemId == problemId)
                .MaxAsync(s => (int?)s.AttemptNumber, ct) ?? 0;
            if (set.MaxAttempts is { } max && used >= max)
                return new SubmitOutcome.Refused($"You have used all {max} attempts for this problem.");

            var submission = new Submission
            {
                ProblemId = problemId,
                UserId = userId,
                AnswerText = answer,
                VariantSeed = seed,
                ProblemVersion = problem.Version,
                AttemptNumber = used + 1,
                Status = SubmissionStatus.Queued,
                SubmittedAt = now,
            };
            db.Submissions.Add(submission);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.Entry(submission).State = EntityState.Detached;
                // Jitter, so racing posts do not collide again on the same number.
                await Task.Delay(Random.Shared.Next(2, 20), ct);
                continue;
            }
            Enqueue(submission.Id);
            return new SubmitOutcome.Accepted(submission.Id, submission.Status);
        }
        return new SubmitOutcome.Refused("Too many answers arrived at once; submit again.");
    }

    private const int MaxInsertTries = 20;

    private void Enqueue(long id)
    {
        try
        {
            jobs.Enqueue<GradeSubmissionJob>(j => j.RunAsync(id));
        }
        catch (Exception ex)
        {
            // Stored is what matters: the recovery sweep enqueues it within a minute.
            log.LogError(ex, "Could not enqueue grading of submission {Id}", id);
        }
    }
}
