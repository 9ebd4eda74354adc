using System.Collections.Concurrent;

namespace GraderHub.Web.Features.Submissions;

// Lets GET /api/submissions/{id}?wait=N answer the moment the grade is stored in this process,
// instead of the page polling again and again. Another node's grade is seen by re-reading.
public sealed class GradeNotifications
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiters = new();

    // Completes when the grade is stored here or after the timeout, whichever comes first.
    public async Task WaitAsync(long id, TimeSpan timeout, CancellationToken ct)
    {
        var tcs = _waiters.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await tcs.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Graded elsewhere, or not yet: the caller reads again; no entry outlives its waiters.
            _waiters.TryRemove(new KeyValuePair<long, TaskCompletionSource>(id, tcs));
        }
    }

    public void Stored(long id)
    {
        if (_waiters.TryRemove(id, out var tcs)) tcs.TrySetResult();
    }
}
