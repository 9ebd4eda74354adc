using GraderHub.Data;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Api;

public sealed record SubmitRequest(string? Answer);

public sealed class SubmissionsApiController(GraderHubDbContext db, SubmitAnswer submit, GradeNotifications grades)
    : ApiControllerBase
{
    public const int MaxWaitSeconds = 10;

    // ?wait=N (up to 10 s): the reply waits for the grade, as GET ?wait does, so a script needs
    // one request per answer instead of a POST and a poll: 201 with the graded submission (GET's
    // body) when it was graded in time, else 202 with the same body, still queued or grading.
    [HttpPost("api/problems/{id:int}/submissions"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Submit(int id, SubmitRequest request, [FromQuery] int wait,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct)
    {
        switch (await submit.HandleAsync(UserId, id, request.Answer, idempotencyKey, watchGrade: wait > 0, ct))
        {
            case SubmitOutcome.Accepted a when wait > 0:
                // Stored before the wait began: a client that stops waiting still has its answer.
                Seen? seen;
                // The answer is stored: a database too busy to read it back now must not turn
                // its 202 into a 503 that says otherwise.
                using (a.Watch)
                {
                    try { seen = await WaitForGradeAsync(a.Id, wait, ct, a.Watch); }
                    catch (Exception ex) when (StorageFaults.IsUnavailable(ex)) { seen = null; }
                }
                if (seen is { Finished: true }) return CreatedAtAction(nameof(Get), new { id = a.Id }, seen.Body);
                return AcceptedAtAction(nameof(Get), new { id = a.Id }, seen?.Body ?? Received(a));
            case SubmitOutcome.Accepted a:
                return AcceptedAtAction(nameof(Get), new { id = a.Id }, Received(a));
            case SubmitOutcome.Malformed m:
                return BadRequest(new { error = m.Error, column = m.Column });
            case SubmitOutcome.Refused r:
                return Conflict(new { error = r.Reason });
            case SubmitOutcome.Forbidden f:
                return StatusCode(StatusCodes.Status403Forbidden, new { error = f.Reason });
            case SubmitOutcome.NotFound:
                return NotFound();
            case SubmitOutcome.TooFast t:
                return RetryLater(StatusCodes.Status429TooManyRequests, t.RetryAfter, SubmitAnswer.TooFastMessage(t.RetryAfter));
            case SubmitOutcome.Unavailable u:
                return RetryLater(StatusCodes.Status503ServiceUnavailable, u.RetryAfter, SubmitAnswer.UnavailableMessage(u.RetryAfter));
            case var other:
                throw new InvalidOperationException($"Unhandled outcome {other.GetType().Name}");
        }
    }

    // The reply of a submit that does not wait (or could not read its answer back).
    private static object Received(SubmitOutcome.Accepted a) => new { id = a.Id, status = Verdicts.Text(a.Status) };

    private ObjectResult RetryLater(int status, TimeSpan after, string error)
    {
        Response.Headers.RetryAfter = RetryAfterSeconds(after);
        return StatusCode(status, new { error });
    }

    public static string RetryAfterSeconds(TimeSpan after) =>
        Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // ?wait=N (up to 10 s): answer as soon as the grade is stored instead of at once, so a
    // client needs one request per grade rather than a poll every few milliseconds.
    // Only the owner sees a submission: anyone else gets 404, not 403, so ids reveal nothing.
    [HttpGet("api/submissions/{id:long}"), OwnSubmission]
    public async Task<IActionResult> Get(long id, [FromQuery] int wait, CancellationToken ct) =>
        await WaitForGradeAsync(id, wait, ct) is { } seen ? Ok(seen.Body) : NotFound();

    private sealed record Seen(object Body, bool Finished);

    // The submission's body once it is graded, or as it stands after up to `wait` seconds; null
    // when there is no such submission. The one wait of both GET ?wait and POST ?wait.
    // justStored: the watch of an answer this request stored (SubmitOutcome.Accepted.Watch): it is
    // queued, so reading it before the first wake would tell nothing.
    private async Task<Seen?> WaitForGradeAsync(long id, int wait, CancellationToken ct, GradeWatch? justStored = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Clamp(wait, 0, MaxWaitSeconds));
        if (justStored is not null)
        {
            var left = deadline - DateTime.UtcNow;
            await justStored.StoredOrTimeoutAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
            ct.ThrowIfCancellationRequested();
        }
        while (true)
        {
            // Registered before reading, so a grade stored in between is not missed. Whoever
            // stores the grade, on this node or another, wakes this wait (GradeNotifications), so
            // the database is read again only when told or at the deadline.
            using var watch = wait > 0 ? grades.Watch(id) : null;
            // The connection is held for the reads, never across the wait (HeldConnection).
            await using (await db.HoldConnectionAsync(ct))
            {
                var s = await ReadAsync(id, ct);
                if (s is null) return null;
                var finished = s.Status is Data.Entities.SubmissionStatus.Graded or Data.Entities.SubmissionStatus.Failed;
                // The schedule and the score are read only for the answer that is sent: a
                // waiting poll's first read, before the grade, needs the status alone.
                if (finished || watch is null || DateTime.UtcNow >= deadline) return new Seen(await BodyAsync(s, ct), finished);
            }
            var remaining = deadline - DateTime.UtcNow;
            await watch.StoredOrTimeoutAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, ct);
            ct.ThrowIfCancellationRequested();
        }
    }

    private sealed record Stored(long Id, Data.Entities.SubmissionStatus Status, double? Score, Data.Entities.Verdict? Verdict,
        string? Feedback, int AttemptNumber, int ProblemId, DateTimeOffset SubmittedAt, DateTimeOffset? GradedAt, string UserId, int ProblemSetId);

    // Compiled once: every poll runs it, and EF's per-call translation lookup cost more than the query.
    private static readonly Func<GraderHubDbContext, long, CancellationToken, Task<Stored?>> Read = EF.CompileAsyncQuery(
        (GraderHubDbContext db, long id, CancellationToken ct) => db.Submissions.AsNoTracking()
            .Where(x => x.Id == id)
            .Select(x => new Stored(x.Id, x.Status, x.Score, x.Verdict, x.Feedback, x.AttemptNumber, x.ProblemId, x.SubmittedAt, x.GradedAt, x.UserId, x.Problem.ProblemSetId))
            .SingleOrDefault());

    private Task<Stored?> ReadAsync(long id, CancellationToken ct) => Read(db, id, ct);

    private async Task<object> BodyAsync(Stored s, CancellationToken ct)
    {
        var schedule = (await Schedules.ForStudentAsync(db, s.UserId, s.ProblemSetId, ct))!;
        // An exam's answer is graded at once (staff see it), but its student sees that it was
        // received, nothing of the result, until staff release the results.
        if (!schedule.ShowsResults)
            return new
            {
                s.Id, status = "received", resultsHidden = true, attempt = s.AttemptNumber, problemId = s.ProblemId, s.SubmittedAt,
            };
        var parts = ScorePolicy.Price(await ScorePolicy.OfSubmission(db, s.Id, ct), schedule);
        return new
        {
            s.Id,
            status = Verdicts.Text(s.Status),
            // The score that counts (ScorePolicy): an override's, else the grader's times the late
            // and hint factors; gradedScore is the grader's own.
            score = parts.Score,
            gradedScore = s.Score,
            lateFactor = parts.LateFactor,
            hintFactor = parts.HintFactor,
            overridden = parts.IsOverridden,
            overrideReason = parts.OverrideReason,
            // The score's parts in words (ScoreParts.Explain), as the pages show them.
            explained = parts.Explain(),
            verdict = Verdicts.Text(s.Verdict),
            s.Feedback,
            attempt = s.AttemptNumber,
            problemId = s.ProblemId,
            s.SubmittedAt,
            s.GradedAt,
        };
    }
}
