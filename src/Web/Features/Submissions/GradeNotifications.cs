using System.Collections.Concurrent;

namespace GraderHub.Web.Features.Submissions;

// Lets GET /api/submissions/{id}?wait=N answer the moment the grade is stored, instead of the
// client polling again and again. The waiting is the same everywhere; how a stored grade reaches
// the waiters depends on who stores it (one implementation per provider, chosen in
// ServiceRegistration): on SQLite this process grades everything it stores
// (InProcessGradeNotifications); on PostgreSQL any node may, so the news goes through the
// database (PostgreSqlGradeNotifications, LISTEN/NOTIFY).
public abstract class GradeNotifications
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiters = new();

    // Completes when the grade is stored or after the timeout, whichever comes first.
    public async Task WaitAsync(long id, TimeSpan timeout, CancellationToken ct)
    {
        var tcs = _waiters.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await tcs.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Not graded yet: the caller reads again; no entry outlives its waiters.
            _waiters.TryRemove(new KeyValuePair<long, TaskCompletionSource>(id, tcs));
        }
    }

    // Called by whoever stored the grade of submission id, after the commit.
    public abstract void Stored(long id);

    // The waiters of id here re-read the submission.
    protected void Wake(long id)
    {
        if (_waiters.TryRemove(id, out var tcs)) tcs.TrySetResult();
    }

    // Every waiter here re-reads: news may have been missed (the listening connection was lost).
    protected void WakeAll()
    {
        foreach (var id in _waiters.Keys) Wake(id);
    }
}

// One node grades everything it stores: the grader wakes the waiters in the same process.
public sealed class InProcessGradeNotifications : GradeNotifications
{
    public override void Stored(long id) => Wake(id);
}
