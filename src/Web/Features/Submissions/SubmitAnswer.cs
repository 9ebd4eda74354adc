using System.Threading.RateLimiting;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

public abstract record SubmitOutcome
{
    // Watch: set when the caller asked to wait for the grade and this post stored the answer;
    // registered before the answer went to the grader, so no grade can be missed; the caller
    // disposes it.
    public sealed record Accepted(long Id, SubmissionStatus Status, GradeWatch? Watch = null) : SubmitOutcome;
    // Malformed: nothing stored, no attempt used.
    public sealed record Malformed(string Error, int Column) : SubmitOutcome;
    public sealed record NotFound : SubmitOutcome;
    public sealed record Refused(string Reason) : SubmitOutcome;
    // An exam answered from outside its networks: nothing stored (403 with the reason).
    public sealed record Forbidden(string Reason) : SubmitOutcome;
    // Over the per-student rate: nothing stored (429 with Retry-After).
    public sealed record TooFast(TimeSpan RetryAfter) : SubmitOutcome;
    // The database is locked, full or unreachable: nothing stored (503 with Retry-After).
    public sealed record Unavailable(TimeSpan RetryAfter) : SubmitOutcome;
}

// The submit step of DESIGN.md's flow, shared by the form and the JSON API: parse at once,
// store as queued with one insert, hand the grading to the fair queue, return without waiting.
public sealed class SubmitAnswer(GraderHubDbContext db, GradingQueue queue, IBackgroundJobClient jobs, Deployment deployment,
    ProblemCatalog catalog, SubmissionRateLimiter limiter, StorageStatus storage, WriteGate gate, SubmissionInserts inserts,
    GradeNotifications grades, TimeProvider clock,
    Exam.CallerAddress caller, ILogger<SubmitAnswer> log)
{
    public const int MaxInsertTries = 20;

    public static string TooFastMessage(TimeSpan retryAfter) =>
        $"You are submitting faster than anyone can type; wait {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s and submit again. Nothing was stored and no attempt was used.";

    public static string UnavailableMessage(TimeSpan retryAfter) =>
        $"The grading database is busy or full right now, so your answer was not stored and no attempt was used. Try again in {(int)retryAfter.TotalSeconds} s.";

    // watchGrade: the caller will wait for the grade (POST ?wait): an answer this post stores
    // comes back Accepted with a Watch on its grade.
    public async Task<SubmitOutcome> HandleAsync(string userId, int problemId, string? answer, string? idempotencyKey, bool watchGrade,
        CancellationToken ct)
    {
        db.Database.SetCommandTimeout(StorageFaults.SubmitTimeout);
        try
        {
            return await StoreAsync(userId, problemId, answer, idempotencyKey, watchGrade, ct);
        }
        catch (Exception ex) when (StorageFaults.IsUnavailable(ex))
        {
            storage.Fault(StorageFaults.Describe(ex));
            log.LogError(ex, "Submission by {User} to problem {Problem} not stored: {Fault}", userId, problemId, StorageFaults.Describe(ex));
            return new SubmitOutcome.Unavailable(StorageFaults.RetryAfter);
        }
    }

    private async Task<SubmitOutcome> StoreAsync(string userId, int problemId, string? answer, string? idempotencyKey, bool watchGrade,
        CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (key is { Length: > Limits.IdempotencyKeyMaxLength })
            return new SubmitOutcome.Malformed($"The Idempotency-Key is longer than {Limits.IdempotencyKeyMaxLength} characters.", 1);
        // A retry of a post that was stored: the same submission, no second attempt.
        if (key is not null && await AttemptNumbering.ReplayAsync(db, userId, problemId, key, ct) is { } replay) return replay;
        // Before any other work: a flood of answers is refused for the price of one token check,
        // so the flooder's requests do not crowd out everyone else's (issue 11). A refused answer
        // spends its token even if it then turns out malformed or refused.
        using var lease = limiter.Acquire(userId);
        if (!lease.IsAcquired)
            return new SubmitOutcome.TooFast(lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1));
        // The reads below and the insert on one connection (HeldConnection).
        await using var held = await db.HoldConnectionAsync(ct);

        var now = clock.GetUtcNow();
        if (await db.OpenProblemAsync(userId, problemId, now, ct) is not { } open) return new SubmitOutcome.NotFound();
        var (problem, schedule) = open;
        if (schedule.PlaceRefusal(caller.Value) is { } outside) return new SubmitOutcome.Forbidden(outside.Reason);

        answer = answer?.Trim() ?? "";
        if (answer.Length == 0) return new SubmitOutcome.Malformed("Type an answer first.", 1);
        var (_, definition) = await catalog.GetAsync(db, problemId, problem.Version, ct);
        if (definition is null) return new SubmitOutcome.Refused("This problem is being fixed by the teaching staff; try again later.");
        var seed = ProblemAccess.SeedFor(userId, problem);
        // The same reading as the live preview: a syntax, shape or format error uses no attempt.
        if (PreviewAnswer.Read(definition.Variant(seed), answer) is { Ok: false } preview)
            return new SubmitOutcome.Malformed(preview.Error ?? "The answer could not be read.", preview.Column ?? 1);

        // The student's own dates (EffectiveSchedule): hard close, a timed set's start and end.
        if (schedule.AnswerRefusal(now, 0) is { } closed and not Refusal.NoAttemptsLeft)
            return new SubmitOutcome.Refused(closed.Reason);

        Submission NewSubmission() => new()
        {
            ProblemId = problemId,
            UserId = userId,
            AnswerText = answer,
            VariantSeed = seed,
            ProblemVersion = problem.Version,
            IdempotencyKey = key,
            Status = SubmissionStatus.Queued,
            SubmittedAt = now,
        };
        // Only a unique conflict is retried: a race for an attempt number or an Idempotency-Key.
        for (var tries = 0; tries < MaxInsertTries; tries++)
        {
            SubmitOutcome outcome;
            Submission? stored;
            try
            {
                // A new instance each try: a failed insert leaves its entity tracked as added.
                (outcome, stored) = await InsertAsync(NewSubmission(), schedule, now, ct);
            }
            catch (DbUpdateException ex) when (StorageFaults.IsUniqueConflict(ex))
            {
                db.ChangeTracker.Clear();
                // Jitter, so racing posts do not collide again on the same number.
                await Task.Delay(Random.Shared.Next(2, 20), ct);
                continue;
            }
            storage.Ok();
            if (stored is null) return outcome;
            var watch = watchGrade ? grades.Watch(stored.Id) : null;
            Hand(new GradingTicket(stored.Id, userId, problemId, problem.Version, seed, answer));
            return outcome is SubmitOutcome.Accepted accepted ? accepted with { Watch = watch } : outcome;
        }
        return new SubmitOutcome.Refused("Too many answers arrived at once; submit again.");
    }

    // SQLite: in the next group commit (SubmissionInserts). PostgreSQL: one insert, numbered on
    // this request's connection; the unique (user, problem, attempt) index turns a race between
    // two posts, on this node or another, into a conflict that the caller retries with the next
    // number (the database, not this process, is the arbiter).
    private async Task<(SubmitOutcome Outcome, Submission? Stored)> InsertAsync(Submission submission, EffectiveSchedule schedule,
        DateTimeOffset now, CancellationToken ct)
    {
        switch (deployment.Database)
        {
            case DatabaseProvider.Sqlite:
                return await inserts.InsertAsync(submission, schedule, now, StorageFaults.SubmitTimeout, ct);
            case DatabaseProvider.PostgreSql:
                var numbered = await new AttemptNumbering(db).NumberAsync(submission, schedule, now, ct);
                using (await gate.EnterAsync(StorageFaults.SubmitTimeout, ct))
                    await db.SaveChangesAsync(ct);
                return (numbered.Outcome(submission), numbered is Numbered.Added ? submission : null);
        }
        throw new InvalidOperationException($"unknown database {deployment.Database}");
    }

    // The road Deployment.Grading chose: the fair in-memory queue (one node), or a job in the
    // shared storage, so an answer taken by a web-only node is graded by whichever worker node is
    // free. Either may be lost (restart, a node killed holding the job): the recovery sweep offers
    // the submission again, and the grade is written once (GradeWriter, GradingClaim).
    private void Hand(GradingTicket ticket)
    {
        switch (deployment.Grading)
        {
            case GradingRoad.InProcessQueue:
                queue.Enqueue(ticket);
                break;
            case GradingRoad.ClaimedJobs:
                // The answer is stored: a job storage that cannot take the job now must not turn
                // its 202 into an error. The recovery sweep offers every queued submission again.
                try { jobs.Enqueue<GradeSubmissionJob>(j => j.RunAsync(ticket.Id)); }
                catch (Exception ex) when (ex is Hangfire.BackgroundJobClientException or InvalidOperationException)
                {
                    log.LogWarning(ex, "Could not enqueue the grading of submission {Id}; the recovery sweep will grade it", ticket.Id);
                }
                break;
        }
    }
}

// Per student: a burst of answers, then a steady rate (System.Threading.RateLimiting, the
// limiters ASP.NET Core's rate limiting is built on; called by the submit handler so the form
// and the API refuse the same way and the page can say why).
public sealed class SubmissionRateLimiter(int burst, int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / Math.Max(1, perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);

    public RateLimitLease Acquire(string userId) => _limiter.AttemptAcquire(userId);

    public void Dispose() => _limiter.Dispose();
}
