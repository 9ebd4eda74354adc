namespace GraderHub.Web.Features.Submissions;

// Lets GET /api/submissions/{id}?wait=N answer the moment the grade is stored, instead of the
// client polling again and again. The waiting is the same everywhere; how a stored grade reaches
// the waiters depends on who stores it (one implementation per provider, chosen in
// ServiceRegistration): on SQLite this process grades everything it stores
// (InProcessGradeNotifications); on PostgreSQL any node may, so the news goes through the
// database (PostgreSqlGradeNotifications, LISTEN/NOTIFY).
public abstract class GradeNotifications
{
    private readonly object _lock = new();
    private readonly Dictionary<long, Watched> _watched = [];

    // Watches one submission: made before the caller reads it, so a grade stored in between is
    // not missed, and disposed when the caller is done with it. A poll that finds the grade at
    // once leaves nothing behind (it used to leave a wait that ran out ten seconds later, with a
    // TimeoutException for nearly every answer of a load).
    public GradeWatch Watch(long id)
    {
        lock (_lock)
        {
            if (!_watched.TryGetValue(id, out var watched))
                _watched[id] = watched = new Watched();
            watched.Watchers++;
            return new GradeWatch(this, id, watched);
        }
    }

    // Called by whoever stored the grade of submission id, after the commit.
    public abstract void Stored(long id);

    // The watchers of id here re-read the submission.
    protected void Wake(long id)
    {
        Watched? woken;
        lock (_lock) _watched.Remove(id, out woken);
        woken?.Stored.TrySetResult();
    }

    // Every watcher here re-reads: news may have been missed (the listening connection was lost).
    protected void WakeAll()
    {
        List<Watched> woken;
        lock (_lock)
        {
            woken = [.. _watched.Values];
            _watched.Clear();
        }
        foreach (var watched in woken) watched.Stored.TrySetResult();
    }

    internal void Unwatch(long id, Watched watched)
    {
        lock (_lock)
            if (--watched.Watchers == 0 && _watched.TryGetValue(id, out var current) && current == watched)
                _watched.Remove(id);
    }

    internal sealed class Watched
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Watchers { get; set; }
    }
}

// One watcher of one submission (GradeNotifications.Watch).
public sealed class GradeWatch : IDisposable
{
    private readonly GradeNotifications _notifications;
    private readonly long _id;
    private readonly GradeNotifications.Watched _watched;
    private bool _disposed;

    internal GradeWatch(GradeNotifications notifications, long id, GradeNotifications.Watched watched) =>
        (_notifications, _id, _watched) = (notifications, id, watched);

    // Completes when the grade is stored, at the timeout or when ct is cancelled, whichever
    // comes first; never throws: the caller reads the submission again either way.
    public async Task StoredOrTimeoutAsync(TimeSpan timeout, CancellationToken ct) =>
        await _watched.Stored.Task.WaitAsync(timeout, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _notifications.Unwatch(_id, _watched);
    }
}

// One node grades everything it stores: the grader wakes the waiters in the same process.
public sealed class InProcessGradeNotifications : GradeNotifications
{
    public override void Stored(long id) => Wake(id);
}
