using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Tells a storage fault for what it is. Only a unique-index conflict (two posts racing for one
// attempt number or one Idempotency-Key) is worth retrying at once; a locked, full or broken
// database is reported to the student as "try again shortly" (503), never as a race.
public static class StorageFaults
{
    // How long a submit waits for a busy database before answering 503 (the issue asks < 5 s).
    public static readonly TimeSpan SubmitTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoErr = 10, SqliteFull = 13, SqliteCantOpen = 14,
        SqliteConstraint = 19, SqliteReadOnly = 8;
    private const int SqliteConstraintUnique = 2067, SqliteConstraintPrimaryKey = 1555;

    public static bool IsUniqueConflict(Exception ex) => Inner(ex) switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteConstraint
            && s.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        // PostgreSQL: unique_violation.
        DbException d => d.SqlState == "23505",
        _ => false,
    };

    public static bool IsUnavailable(Exception ex) => Inner(ex) switch
    {
        SqliteException s => s.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteIoErr or SqliteFull or SqliteCantOpen or SqliteReadOnly,
        // PostgreSQL: disk full, out of memory, too many connections, lock not available,
        // statement timeout, and connection failures (class 08); and what Npgsql itself calls
        // transient: no connection left in the pool within its timeout, a server that stopped
        // answering (no SqlState: the fault is on the way to the server, not in it).
        DbException d => d.SqlState is "53100" or "53200" or "53300" or "55P03" or "57014" || d.SqlState?.StartsWith("08", StringComparison.Ordinal) == true
            || d.IsTransient,
        _ => false,
    };

    public static string Describe(Exception ex) => Inner(ex) is SqliteException { SqliteErrorCode: SqliteFull }
        ? "storage full" : "storage busy or unavailable";

    private static Exception? Inner(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is DbException) return e;
        return ex is DbUpdateException ? ex.InnerException : null;
    }
}

// The last storage fault any request or the grade writer met; /health is Unhealthy while it is
// recent and no submission has been stored since, so a full disk shows there even when a probe
// of the database happens to succeed.
public sealed class StorageStatus(TimeProvider clock)
{
    public static readonly TimeSpan Memory = TimeSpan.FromSeconds(30);
    private long _lastFaultTicks;
    private string? _lastFault;

    public void Fault(string what)
    {
        _lastFault = what;
        Interlocked.Exchange(ref _lastFaultTicks, clock.GetUtcNow().UtcTicks);
    }

    // A write went through: the database is writable again.
    public void Ok()
    {
        if (Interlocked.Read(ref _lastFaultTicks) != 0) Interlocked.Exchange(ref _lastFaultTicks, 0);
    }

    public string? RecentFault()
    {
        var at = Interlocked.Read(ref _lastFaultTicks);
        return at != 0 && clock.GetUtcNow().UtcTicks - at < Memory.Ticks ? _lastFault : null;
    }
}
