using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// What a new answer becomes when it is stored, decided in the transaction that stores it: a
// replay of the submission its Idempotency-Key already names, a refusal when the student has no
// attempts left, or the next attempt number. One rule for both roads (SubmitAnswer): a group
// commit (SubmissionInserts) numbers many answers in one transaction, so it counts the answers
// added before it in the same batch as stored.
public sealed class AttemptNumbering(GraderHubDbContext db)
{
    private readonly Dictionary<(string UserId, int ProblemId), (int Used, int Last)> _added = [];
    private readonly Dictionary<(string UserId, string Key), Submission> _keys = [];

    public const string KeyUsedElsewhere = "This Idempotency-Key was already used for an answer to another problem.";

    // Numbers the submission and adds it to the context, or decides it is not stored.
    public async Task<Numbered> NumberAsync(Submission submission, EffectiveSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var (userId, problemId, key) = (submission.UserId, submission.ProblemId, submission.IdempotencyKey);
        if (key is not null)
        {
            if (_keys.TryGetValue((userId, key), out var earlier)) return new Numbered.SameAs(earlier);
            if (await ReplayAsync(db, userId, problemId, key, ct) is { } replay) return new Numbered.Decided(replay);
        }
        var pair = (userId, problemId);
        var added = _added.GetValueOrDefault(pair);
        if (schedule.MaxAttempts is not null
            && schedule.AnswerRefusal(now, await Attempts.UsedAsync(db, userId, problemId, ct) + added.Used) is { } refusal)
            return new Numbered.Decided(new SubmitOutcome.Refused(refusal.Reason));
        var last = Math.Max(await LastAttempt(db, userId, problemId, ct) ?? 0, added.Last);
        submission.AttemptNumber = last + 1;
        db.Submissions.Add(submission);
        _added[pair] = (added.Used + (Attempts.Uses(submission) ? 1 : 0), submission.AttemptNumber);
        if (key is not null) _keys[(userId, key)] = submission;
        return new Numbered.Added();
    }

    // A retry of a post that was stored: the same submission, no second attempt.
    public static async Task<SubmitOutcome?> ReplayAsync(GraderHubDbContext db, string userId, int problemId, string key, CancellationToken ct) =>
        await KeyedSubmission(db, userId, key, ct) is not { } existing ? null
        : existing.ProblemId == problemId ? new SubmitOutcome.Accepted(existing.Id, existing.Status)
        : new SubmitOutcome.Refused(KeyUsedElsewhere);

    // Compiled once: EF's per-call translation lookup (expression tree walk, parameter
    // extraction, cache key hash) cost more CPU than SQLite's run of these queries.
    private sealed record Keyed(long Id, int ProblemId, SubmissionStatus Status);

    private static readonly Func<GraderHubDbContext, string, string, CancellationToken, Task<Keyed?>> KeyedSubmission = EF.CompileAsyncQuery(
        (GraderHubDbContext db, string userId, string key, CancellationToken ct) => db.Submissions.AsNoTracking()
            .Where(s => s.UserId == userId && s.IdempotencyKey == key)
            .Select(s => new Keyed(s.Id, s.ProblemId, s.Status))
            .SingleOrDefault());

    private static readonly Func<GraderHubDbContext, string, int, CancellationToken, Task<int?>> LastAttempt = EF.CompileAsyncQuery(
        (GraderHubDbContext db, string userId, int problemId, CancellationToken ct) => db.Submissions
            .Where(s => s.UserId == userId && s.ProblemId == problemId)
            .Max(s => (int?)s.AttemptNumber));
}

// NumberAsync's decision; Outcome is the post's answer once the batch is committed.
public abstract record Numbered
{
    public abstract SubmitOutcome Outcome(Submission submission);

    // Added to the context with the next attempt number: accepted once saved.
    public sealed record Added : Numbered
    {
        public override SubmitOutcome Outcome(Submission submission) => new SubmitOutcome.Accepted(submission.Id, submission.Status);
    }

    // Not stored: a replay of an earlier submission, or a refusal.
    public sealed record Decided(SubmitOutcome Decision) : Numbered
    {
        public override SubmitOutcome Outcome(Submission submission) => Decision;
    }

    // Not stored: the Idempotency-Key of an answer earlier in the same batch (a retry that
    // arrived while the first post was still waiting for its commit).
    public sealed record SameAs(Submission Earlier) : Numbered
    {
        public override SubmitOutcome Outcome(Submission submission) => Earlier.ProblemId == submission.ProblemId
            ? new SubmitOutcome.Accepted(Earlier.Id, Earlier.Status)
            : new SubmitOutcome.Refused(AttemptNumbering.KeyUsedElsewhere);
    }
}
