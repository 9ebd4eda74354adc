using System.Globalization;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Schedule;

public abstract record StartOutcome
{
    public sealed record Started(EffectiveSchedule Schedule) : StartOutcome;
    public sealed record NotFound : StartOutcome;
    public sealed record NotTimed(string Reason) : StartOutcome;
    public sealed record Refused(string Reason) : StartOutcome;
}

// A student starts a timed set: the start is stored once, by the server's clock, so a second
// click, a second tab or a restart of the server gives the same start and the same end.
public sealed class StartTimedSet(GraderHubDbContext db, TimeProvider clock)
{
    public async Task<StartOutcome> HandleAsync(string userId, int setId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenSetAsync(userId, setId, now, ct) is not { } schedule) return new StartOutcome.NotFound();
        // Already started: the same start, whatever time it is now.
        if (schedule.StartedAt is not null) return new StartOutcome.Started(schedule);
        if (!schedule.IsTimed) return new StartOutcome.NotTimed("This problem set is not timed: there is nothing to start.");
        if (schedule.StartRefusal(now) is { } refusal) return new StartOutcome.Refused(refusal.Reason);

        var start = new TimedStart { ProblemSetId = setId, UserId = userId, StartedAt = now };
        db.TimedStarts.Add(start);
        db.AuditLog.Add(new AuditLogEntry
        {
            At = now, UserId = userId, Action = "timed.start", EntityType = nameof(ProblemSet),
            EntityId = setId.ToString(CultureInfo.InvariantCulture),
            Details = JsonSerializer.Serialize(new { startedAt = now }),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two starts racing: the unique (set, student) index kept the first; it is the start.
            db.ChangeTracker.Clear();
        }
        return new StartOutcome.Started((await db.OpenSetAsync(userId, setId, now, ct))!);
    }
}
