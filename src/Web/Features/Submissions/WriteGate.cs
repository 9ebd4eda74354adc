using GraderHub.Data;
using GraderHub.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GraderHub.Web.Features.Submissions;

// SQLite has one writer at a time, and Microsoft.Data.Sqlite meets a busy database by sleeping
// 150 ms on the calling thread and trying again. Under load the submit's inserts and the grade
// writer's batches collided, each collision parked a thread-pool thread for 150 ms, and requests
// queued behind the starved pool for seconds while the cores idled. The hot writers take turns
// here instead, waiting asynchronously; a writer that waits longer than its timeout meets the
// same "database is locked" as before (503 for a submit). PostgreSQL has row locks: no gate.
public sealed class WriteGate(Deployment deployment)
{
    private const int SqliteBusy = 5;
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async ValueTask<Turn> EnterAsync(TimeSpan timeout, CancellationToken ct)
    {
        switch (deployment.Database)
        {
            case DatabaseProvider.PostgreSql:
                return new Turn(null);
            case DatabaseProvider.Sqlite:
                if (!await _turn.WaitAsync(timeout, ct))
                    throw new SqliteException("database is locked: other writers held it longer than " + timeout, SqliteBusy);
                return new Turn(_turn);
        }
        throw new InvalidOperationException($"unknown database {deployment.Database}");
    }

    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
