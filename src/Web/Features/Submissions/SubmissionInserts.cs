using System.Threading.Channels;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// SQLite: the submits' inserts committed together, a group commit. Each insert took its own turn
// at the write gate and its own transaction; under load every turn was handed to the next post's
// continuation through the thread pool's queue, behind hundreds of requests, so the gate idled
// between turns and posts queued for seconds while the grades waited behind them. Here one loop
// takes every insert that arrived while the last batch was being written and commits them in one
// transaction, numbering each attempt there (AttemptNumbering): SQLite has one writer, so inside
// the transaction nothing can race the numbers. A post still answers only after its commit, and
// a post that waited past its timeout before its batch began is dropped unstored (503, as a
// locked database answered before). PostgreSQL keeps one insert per post: it has row locks and
// several nodes, and the unique index arbitrates between them (SubmitAnswer).
public sealed class SubmissionInserts(IServiceScopeFactory scopes, WriteGate gate, ILogger<SubmissionInserts> log) : BackgroundService
{
    public const int MaxBatch = 200;

    private long _committed, _failed, _largest;

    // Batches committed, batches that failed (every post in one got the error), and the most
    // posts one batch held: how well the group commit groups.
    public (long Committed, long Failed, long Largest) Counts =>
        (Interlocked.Read(ref _committed), Interlocked.Read(ref _failed), Interlocked.Read(ref _largest));

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    // The outcome once committed: Accepted for a new submission (its entity is `Stored`), or the
    // replay or refusal AttemptNumbering decided. Throws what the commit threw: a storage fault, or
    // a unique conflict (another writer of the file) that the caller retries.
    public async Task<(SubmitOutcome Outcome, Submission? Stored)> InsertAsync(Submission submission, EffectiveSchedule schedule,
        DateTimeOffset now, TimeSpan timeout, CancellationToken ct)
    {
        var pending = new Pending(submission, schedule, now);
        if (!_pending.Writer.TryWrite(pending)) throw Stopping();
        try
        {
            return await pending.Done.Task.WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && pending.TryAbandon())
        {
            // Not taken into a batch: nothing is stored, and nothing will be.
            if (ex is OperationCanceledException) throw;
            throw new SqliteException($"database is locked: the insert waited longer than {timeout}", 5);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Already in a batch that is committing: its outcome is the answer's, whatever the wait.
            return await pending.Done.Task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
                    if (item.TryTake()) batch.Add(item);
                if (batch.Count > 0) await CommitAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Stopping: whoever still waits is told to try again (503), nothing stored, rather than hang.
        var stopping = Stopping();
        foreach (var item in batch) item.Done.TrySetException(stopping);
        while (_pending.Reader.TryRead(out var left))
            if (left.TryTake()) left.Done.TrySetException(stopping);
    }

    private async Task CommitAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            using (await gate.EnterAsync(Timeout.InfiniteTimeSpan, ct))
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
                db.Database.SetCommandTimeout(StorageFaults.SubmitTimeout);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var numbering = new AttemptNumbering(db);
                var numbered = new Numbered[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                    numbered[i] = await numbering.NumberAsync(batch[i].Submission, batch[i].Schedule, batch[i].Now, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                Interlocked.Increment(ref _committed);
                if (batch.Count > Interlocked.Read(ref _largest)) Interlocked.Exchange(ref _largest, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    var submission = batch[i].Submission;
                    batch[i].Done.TrySetResult((numbered[i].Outcome(submission), numbered[i] is Numbered.Added ? submission : null));
                }
            }
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failed);
            if (!StorageFaults.IsUnavailable(ex) && !StorageFaults.IsUniqueConflict(ex))
                log.LogError(ex, "Could not store {Count} submissions", batch.Count);
            // Stopping mid-batch: the transaction rolls back, nothing is stored, and the posts are
            // told to try again (503) instead of meeting a cancellation (500).
            Exception told = ex is OperationCanceledException && ct.IsCancellationRequested ? Stopping() : ex;
            foreach (var item in batch) item.Done.TrySetException(told);
        }
    }

    private static SqliteException Stopping() => new("the site is stopping; nothing was stored", 5);

    private sealed class Pending(Submission submission, EffectiveSchedule schedule, DateTimeOffset now)
    {
        private const int Waiting = 0, Taken = 1, Abandoned = 2;
        private int _state;

        public Submission Submission { get; } = submission;
        public EffectiveSchedule Schedule { get; } = schedule;
        public DateTimeOffset Now { get; } = now;
        public TaskCompletionSource<(SubmitOutcome, Submission?)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;
    }
}
