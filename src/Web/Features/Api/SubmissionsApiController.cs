using GraderHub.Data;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Api;

public sealed record SubmitRequest(string? Answer);

public sealed class SubmissionsApiController(GraderHubDbContext db, SubmitAnswer submit) : ApiControllerBase
{
    [HttpPost("api/problems/{id:int}/submissions")]
    public async Task<IActionResult> Submit(int id, SubmitRequest request, CancellationToken ct) =>
        await submit.HandleAsync(UserId, id, request.Answer, ct) switch
        {
            SubmitOutcome.Accepted a => AcceptedAtAction(nameof(Get), new { id = a.Id },
                new { id = a.Id, status = Verdicts.Text(a.Status) }),
            SubmitOutcome.Malformed m => BadRequest(new { error = m.Error, column = m.Column }),
            SubmitOutcome.Refused r => Conflict(new { error = r.Reason }),
            SubmitOutcome.NotFound => NotFound(),
            var other => throw new InvalidOperationException($"Unhandled outcome {other.GetType().Name}"),
        };

    // Only the owner sees a submission: anyone else gets 404, not 403, so ids reveal nothing.
    [HttpGet("api/submissions/{id:long}")]
    public async Task<IActionResult> Get(long id, CancellationToken ct)
    {
        var s = await db.Submissions.AsNoTracking()
            .Where(x => x.Id == id && x.UserId == UserId)
            .Select(x => new { x.Id, x.Status, x.Score, x.Verdict, x.Feedback, x.AttemptNumber, x.ProblemId, x.SubmittedAt, x.GradedAt })
            .SingleOrDefaultAsync(ct);
        if (s is null) return NotFound();
        var parts = ScorePolicy.Price(await db.Submissions.Where(x => x.Id == id).Select(ScorePolicy.Facts(db)).SingleAsync(ct));
        return Ok(new
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
            verdict = Verdicts.Text(s.Verdict),
            s.Feedback,
            attempt = s.AttemptNumber,
            problemId = s.ProblemId,
            s.SubmittedAt,
            s.GradedAt,
        });
    }
}
