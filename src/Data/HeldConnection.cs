using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data;

// Outside a transaction EF opens and closes the connection around every query. On SQLite each
// open takes the connection pool's lock and registers the provider's functions on the pooled
// handle again, and each close removes them: on the submit and result paths, a dozen small
// queries each, that cost more CPU than the queries (issue 12's profile: 16 % of the site's
// samples, much of it spinning on the pool's lock). A handler that runs several queries in a row
// holds one connection for them. EF counts nested opens, so a holder inside another is harmless.
//
// A hold is also one moment for the calendar stamp (Web's ScheduleCache): the stamp read by the
// first cached read of a hold serves the hold's other cached reads, so a submit that asks for
// the problem, the student's calendars and the caller's role asks the database once, not three
// times. A hold lasts one handler's reads (milliseconds), never a wait. SaveChanges forgets the
// stamp (the write may have bumped it); a raw SQL write to a calendar table inside a hold is not
// seen by that hold's later cached reads, and no holder makes one.
public static class HeldConnection
{
    public static async Task<Held> HoldConnectionAsync(this DbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        if (db is GraderHubDbContext context) context.Holds++;
        return new Held(db);
    }

    public readonly struct Held(DbContext db) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            if (db is GraderHubDbContext context && --context.Holds <= 0)
            {
                context.Holds = 0;
                context.HeldCalendarStamp = null;
            }
            return new(db.Database.CloseConnectionAsync());
        }
    }

    // The stamp this hold has already read, if a hold is open on a connection that is open. The
    // connection check keeps a pooled context that was somehow returned mid-hold from serving a
    // stale stamp to its next user: with no hold open the caller reads the stamp again.
    public static long? StampOfHold(this GraderHubDbContext db) =>
        db.Holds > 0 && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open ? db.HeldCalendarStamp : null;

    public static void RememberStampForHold(this GraderHubDbContext db, long stamp)
    {
        if (db.Holds > 0) db.HeldCalendarStamp = stamp;
    }
}
