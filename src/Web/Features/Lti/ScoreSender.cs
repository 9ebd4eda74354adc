using GraderHub.Data;
using GraderHub.Data.Entities;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

// Sends one outbox row to the LMS (a Hangfire job, safe to run twice: the row is claimed first
// and a sent row is never sent again). Failures that heal are tried again with exponential
// backoff (RetryBase, doubling, at most an hour apart, MaxAttempts in all); a refusal that will
// not heal (a 4xx) is kept as Failed with the LMS's answer for staff to see and resend.
// SweepAsync (every minute and at start-up) sends what is due, so rows written before a restart,
// or whose job was lost with the in-memory job storage, still arrive.
public sealed class ScoreSender(GraderHubDbContext db, PlatformClient platforms, IBackgroundJobClient jobs, TimeProvider clock,
    IConfiguration config, ILogger<ScoreSender> log)
{
    public const string RecurringJobId = "lti-scores";
    public const int MaxAttempts = 12;
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    private TimeSpan RetryBase => TimeSpan.FromSeconds(config.GetValue("GraderHub:Lti:RetryBaseSeconds", 30.0));

    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(long scoreId)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.LtiScores
            .Where(s => s.Id == scoreId && s.Status == LtiScoreStatus.Pending && s.NextAttemptAt <= now
                && (s.LockedUntil == null || s.LockedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LockedUntil, now + Claim), CancellationToken.None);
        if (claimed == 0)
        {
            await ScheduleIfEarlyAsync(scoreId, now);
            return;
        }
        var score = await db.LtiScores.Include(s => s.ContextLink).ThenInclude(c => c.Platform).SingleAsync(s => s.Id == scoreId);
        score.Attempts++;
        try
        {
            var lineItem = await LineItemAsync(score, CancellationToken.None);
            await platforms.PostScoreAsync(score.ContextLink.Platform, lineItem, score, CancellationToken.None);
            score.Status = LtiScoreStatus.Sent;
            score.SentAt = clock.GetUtcNow();
            score.LastStatusCode = 200;
            score.LastError = null;
        }
        catch (LtiServiceException ex)
        {
            if (ex.Status == 401) platforms.ForgetTokens(score.ContextLink.Platform);
            if (await RetryLaterAsync(score, ex.Status, ex.Message, ex.Heals)) return;
        }
        catch (Exception ex)
        {
            // Not the LMS's answer but ours (a bug, a database hiccup): worth another try, and
            // the claim must not be left to expire, or the score would wait minutes for the sweep.
            log.LogError(ex, "LTI score {Id}: unexpected failure while sending", score.Id);
            // Whatever else the failed attempt added must not fail the save of the retry.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
                entry.State = EntityState.Detached;
            if (await RetryLaterAsync(score, null, "unexpected: " + ex.Message, heals: true)) return;
        }
        score.LockedUntil = null;
        await db.SaveChangesAsync();
    }

    // Records a failed attempt. One that may heal is tried again after a doubling delay (the row
    // released, a job scheduled; true); one that will not, or the last, is kept as Failed (false).
    private async Task<bool> RetryLaterAsync(LtiScore score, int? status, string error, bool heals)
    {
        score.LastStatusCode = status;
        score.LastError = error.Length > 2000 ? error[..2000] : error;
        if (!heals || score.Attempts >= MaxAttempts)
        {
            score.Status = LtiScoreStatus.Failed;
            log.LogError("LTI score {Id} refused by the LMS for good (attempt {Attempt}): {Error}", score.Id, score.Attempts, error);
            return false;
        }
        var delay = TimeSpan.FromTicks(Math.Min(RetryBase.Ticks * (1L << Math.Min(score.Attempts - 1, 20)), TimeSpan.FromHours(1).Ticks));
        score.NextAttemptAt = clock.GetUtcNow() + delay;
        log.LogWarning("LTI score {Id} not accepted (attempt {Attempt}): {Error}; next try in {Delay}", score.Id, score.Attempts, error, delay);
        score.LockedUntil = null;
        await db.SaveChangesAsync();
        Schedule(score.Id, delay);
        return true;
    }

    // Hangfire keeps a delayed job's time in whole seconds and may start it up to a second early
    // (or on a node whose clock runs ahead). A job that finds its row not yet due schedules itself
    // again for the rest of the wait instead of leaving the score to the minutely sweep.
    private async Task ScheduleIfEarlyAsync(long scoreId, DateTimeOffset now)
    {
        var row = await db.LtiScores.Where(s => s.Id == scoreId)
            .Select(s => new { s.Status, s.NextAttemptAt, s.LockedUntil }).SingleOrDefaultAsync();
        if (row is { Status: LtiScoreStatus.Pending } && row.NextAttemptAt > now && (row.LockedUntil == null || row.LockedUntil < now))
            Schedule(scoreId, row.NextAttemptAt - now);
    }

    private void Schedule(long scoreId, TimeSpan delay) =>
        jobs.Schedule<ScoreSender>(s => s.SendAsync(scoreId), delay + HangfireResolution);

    private static readonly TimeSpan HangfireResolution = TimeSpan.FromSeconds(1);

    // At start-up: what the last process left undone. Its scheduled retries may be gone with it
    // (the in-memory job storage), so the rows not yet due are scheduled again for their time
    // instead of waiting for a sweep; a second job for a row is harmless (the claim). On SQLite,
    // which serves one node, a claim still held was the stopped process's (stopped mid-send)
    // and is released, or the score would wait out the claim's two minutes. Then the due rows are sent.
    public async Task<int> ResumeAsync()
    {
        var now = clock.GetUtcNow();
        if (DatabaseSetup.ProviderOf(db) is DatabaseProvider.Sqlite)
            await db.LtiScores.Where(s => s.Status == LtiScoreStatus.Pending && s.LockedUntil != null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LockedUntil, (DateTimeOffset?)null));
        var later = await db.LtiScores.Where(s => s.Status == LtiScoreStatus.Pending && s.NextAttemptAt > now
                && (s.LockedUntil == null || s.LockedUntil < now))
            .OrderBy(s => s.NextAttemptAt).Select(s => new { s.Id, s.NextAttemptAt }).Take(MaxResumed).ToListAsync();
        foreach (var row in later) Schedule(row.Id, row.NextAttemptAt - now);
        return await SweepAsync();
    }

    // Beyond it the minutely sweep sends the rest as they fall due.
    private const int MaxResumed = 5_000;

    public async Task<int> SweepAsync()
    {
        var now = clock.GetUtcNow();
        var due = await db.LtiScores.Where(s => s.Status == LtiScoreStatus.Pending && s.NextAttemptAt <= now
                && (s.LockedUntil == null || s.LockedUntil < now))
            .OrderBy(s => s.Id).Select(s => s.Id).Take(500).ToListAsync();
        foreach (var id in due)
        {
            // One row that cannot be sent (its claim is then left to expire) must not stop the rest.
            try { await SendAsync(id); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "LTI score {Id}: the sweep could not send it", id);
            }
            db.ChangeTracker.Clear();
        }
        return due.Count;
    }

    // The set's line item in that LMS course: remembered from a launch or deep link, else found
    // by its resourceId or created (AGS), and remembered.
    private async Task<string> LineItemAsync(LtiScore score, CancellationToken ct)
    {
        var known = await db.LtiLineItems.Where(l => l.ContextLinkId == score.ContextLinkId && l.ProblemSetId == score.ProblemSetId)
            .Select(l => l.Url).FirstOrDefaultAsync(ct);
        if (known is not null) return known;
        var context = score.ContextLink;
        if (context.LineItemsUrl is null)
            throw new LtiServiceException(400, "the LMS course offers no line items service (AGS): enable grades for the tool in the LMS");
        var set = await db.ProblemSets.Where(s => s.Id == score.ProblemSetId).Select(s => new { s.Title }).SingleAsync(ct);
        var url = await platforms.FindOrCreateLineItemAsync(context.Platform, context.LineItemsUrl, ResourceId(score.ProblemSetId),
            set.Title, score.ScoreMaximum, ct);
        var item = new LtiLineItem
        {
            ContextLinkId = context.Id, ProblemSetId = score.ProblemSetId, Url = url, ScoreMaximum = score.ScoreMaximum, Label = set.Title,
        };
        db.LtiLineItems.Add(item);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (Submissions.StorageFaults.IsUniqueConflict(ex))
        {
            // The first scores of two students of one set, sent at once: both looked for the line
            // item (the LMS found or made one), and the other remembered it first.
            db.Entry(item).State = EntityState.Detached;
            return await db.LtiLineItems.Where(l => l.ContextLinkId == score.ContextLinkId && l.ProblemSetId == score.ProblemSetId)
                .Select(l => l.Url).SingleAsync(ct);
        }
        return url;
    }

    public static string ResourceId(int setId) => "set-" + setId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
