using System.Globalization;
using System.Net;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Account;
using GraderHub.Web.Features.Exam;
using GraderHub.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Schedule;

public abstract record StartOutcome
{
    public sealed record Started(EffectiveSchedule Schedule) : StartOutcome;
    public sealed record NotFound : StartOutcome;
    public sealed record NotTimed(string Reason) : StartOutcome;
    public sealed record Refused(string Reason) : StartOutcome;
    // An exam's entry refused: a wrong or missing access code, or an address outside its networks (403).
    public sealed record Forbidden(string Reason) : StartOutcome;
    // Too many wrong codes: wait (429 with Retry-After).
    public sealed record TooManyTries(TimeSpan RetryAfter, string Reason) : StartOutcome;
}

// What the student brings to a start: the code they typed and the address the server sees.
public sealed record StartRequest(string? AccessCode, IPAddress? From);

// A student starts a timed set (or an exam with an access code): the start is stored once, by
// the server's clock, so a second click, a second tab or a restart of the server gives the same
// start and the same end. An exam's networks and access code are checked here, before the start.
public sealed class StartTimedSet(GraderHubDbContext db, TimeProvider clock, LoginThrottle throttle, ExamEvents events)
{
    // Wrong codes a student may type for one exam before each further try waits (1 s, doubling, to 5 min).
    public const int FreeWrongCodes = 5;

    public async Task<StartOutcome> HandleAsync(string userId, int setId, StartRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenSetAsync(userId, setId, now, ct) is not { } schedule) return new StartOutcome.NotFound();
        if (schedule.PlaceRefusal(request.From) is { } outside)
        {
            await events.RecordAsync(setId, userId, ExamEventKind.OutsideNetwork, request.From, ct);
            return new StartOutcome.Forbidden(outside.Reason);
        }
        // Already started: the same start, whatever time it is now.
        if (schedule.StartedAt is not null) return new StartOutcome.Started(schedule);
        if (!schedule.NeedsStart) return new StartOutcome.NotTimed("This problem set is not timed: there is nothing to start.");
        if (schedule.StartRefusal(now) is { } refusal) return new StartOutcome.Refused(refusal.Reason);
        if (schedule.RequiresAccessCode && await CodeRefusalAsync(userId, setId, request, ct) is { } wrong) return wrong;

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

    // The student's "finish" button: their time ends now (idempotent: the first finish stays).
    public async Task<StartOutcome> FinishAsync(string userId, int setId, IPAddress? from, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenSetAsync(userId, setId, now, ct) is not { } schedule) return new StartOutcome.NotFound();
        if (schedule.StartedAt is null) return new StartOutcome.NotTimed("You have not started this problem set, so there is nothing to finish.");
        if (schedule.PlaceRefusal(from) is { } outside) return new StartOutcome.Forbidden(outside.Reason);
        if (schedule.IsRunning(now))
            await db.TimedStarts.Where(t => t.ProblemSetId == setId && t.UserId == userId && t.FinishedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.FinishedAt, now), ct);
        return new StartOutcome.Started((await db.OpenSetAsync(userId, setId, now, ct))!);
    }

    private async Task<StartOutcome?> CodeRefusalAsync(string userId, int setId, StartRequest request, CancellationToken ct)
    {
        LoginThrottle.Key[] keys = [new($"exam:{setId}:{userId}", FreeWrongCodes, TimeSpan.FromMinutes(5))];
        if (throttle.RetryAfter(keys) is { } wait)
            return new StartOutcome.TooManyTries(wait,
                $"Too many wrong access codes; wait {SignInOutcome.RetryAfterSeconds(wait)} s and type the code again.");
        var hash = await db.ProblemSets.Where(s => s.Id == setId).Select(s => s.AccessCodeHash).SingleAsync(ct);
        if (AccessCode.Matches(hash, request.AccessCode))
        {
            throttle.Succeeded(keys);
            return null;
        }
        if (string.IsNullOrWhiteSpace(request.AccessCode))
            return new StartOutcome.Forbidden("This exam needs its access code: type the code the invigilator gave you.");
        throttle.Failed(keys);
        await events.RecordAsync(setId, userId, ExamEventKind.WrongAccessCode, request.From, ct);
        return new StartOutcome.Forbidden("That access code is not this exam's. Check it with the invigilator and type it again.");
    }
}
