using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data;

// Outside a transaction EF opens and closes the connection around every query. On SQLite each
// open takes the connection pool's lock and registers the provider's functions on the pooled
// handle again, and each close removes them: on the submit and result paths, a dozen small
// queries each, that cost more CPU than the queries (issue 12's profile: 16 % of the site's
// samples, much of it spinning on the pool's lock). A handler that runs several queries in a row
// holds one connection for them. EF counts nested opens, so a holder inside another is harmless.
public static class HeldConnection
{
    public static async Task<Held> HoldConnectionAsync(this DbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new Held(db);
    }

    public readonly struct Held(DbContext db) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(db.Database.CloseConnectionAsync());
    }
}
