using System.Threading.Channels;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Stores grades in batches: whatever the workers finished while the last batch was being
// written goes in one transaction (one SELECT of the batch, one UPDATE per submission). Only
// submissions still queued or grading are updated, so a grade is written once however often a
// submission was offered. A batch that cannot be written (database locked or full) is kept and
// tried again; if the process dies first, the submissions are still queued in the database and
// the recovery sweep grades them again.
public sealed class GradeWriter(IServiceScopeFactory scopes, GradingQueue queue, GradeNotifications notifications,
    StorageStatus storage, WriteGate gate, TimeProvider clock, ILogger<GradeWriter> log) : BackgroundService
{
    public const int MaxBatch = 500;

    private readonly Channel<Item> _pending = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });

    // releaseSlot false: the computation is still running (timed out) and its worker releases
    // the student's slot when it ends.
    public void Write(GradingTicket ticket, GradeOutcome outcome, bool releaseSlot = true) =>
        _pending.Writer.TryWrite(new Item(ticket, outcome, releaseSlot));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Item>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item)) batch.Add(item);
            await StoreWithRetryAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task StoreWithRetryAsync(List<Item> batch, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await StoreAsync(batch, ct);
                return;
            }
            catch (Exception ex) when (StorageFaults.IsUnavailable(ex) && !ct.IsCancellationRequested)
            {
                storage.Fault(StorageFaults.Describe(ex));
                log.LogError(ex, "Could not store {Count} grades ({Fault}); retrying in {Delay}", batch.Count, StorageFaults.Describe(ex), delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public async Task StoreAsync(IReadOnlyList<Item> batch, CancellationToken ct)
    {
        using (await gate.EnterAsync(Timeout.InfiniteTimeSpan, ct))
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
            var ids = batch.Select(i => i.Ticket.Id).ToList();
            var open = await db.Submissions
                .Where(s => ids.Contains(s.Id) && (s.Status == SubmissionStatus.Queued || s.Status == SubmissionStatus.Grading))
                .ToDictionaryAsync(s => s.Id, ct);
            var now = clock.GetUtcNow();
            foreach (var item in batch)
                if (open.TryGetValue(item.Ticket.Id, out var submission))
                    item.Outcome.ApplyTo(submission, now);
            // The grades, the gradebook rows and the LTI scores they change are committed together
            // (Scoring/ProblemScores, Lti/ScoreOutbox).
            await scope.ServiceProvider.GetRequiredService<Lti.ScoreOutbox>().SaveWithScoresAsync(async o =>
            {
                await Scoring.ProblemScores.AddGradesAsync(db, open.Keys, ct);
                return await o.RecordForSubmissionsAsync(open.Keys, ct);
            }, ct);
        }
        foreach (var item in batch)
        {
            notifications.Stored(item.Ticket.Id);
            if (item.ReleaseSlot) queue.Complete(item.Ticket);
        }
    }

    public sealed record Item(GradingTicket Ticket, GradeOutcome Outcome, bool ReleaseSlot);
}

// The grading workers: each takes the next ticket from the fair queue, grades it within the time
// limit and hands the result to the writer without waiting for the write.
public sealed class GradingWorkers(GradingQueue queue, SubmissionGrader grader, GradeWriter writer, int count,
    ILogger<GradingWorkers> log) : BackgroundService
{
    public int Count { get; } = Math.Max(1, count);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Count).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            GradingTicket ticket;
            try { ticket = await queue.DequeueAsync(ct); }
            catch (OperationCanceledException) { return; }
            try
            {
                var run = await grader.GradeAsync(ticket, ct);
                var stillRunning = !run.Computation.IsCompleted;
                writer.Write(ticket, run.Outcome, releaseSlot: !stillRunning);
                if (stillRunning)
                {
                    await run.Computation.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                    queue.Complete(ticket);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Left queued in the database: the recovery sweep offers it again.
                log.LogError(ex, "Grading submission {Id} failed; the recovery sweep will retry it", ticket.Id);
                queue.Complete(ticket);
            }
        }
    }
}
