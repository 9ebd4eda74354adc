using GraderHub.Data;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Authoring;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Api;

public sealed record SubmitRequest(string? Answer);

public sealed class SubmissionsApiController(GraderHubDbContext db, SubmitAnswer submit) : ApiControllerBase
{
    [HttpPost("api/problems/{id:int}/submissions"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
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
    [HttpGet("api/submissions/{id:long}"), OwnSubmission]
    public async Task<IActionResult> Get(long id, CancellationToken ct)
    {
        var s = await db.Submissions.AsNoTracking()
            .Where(x => x.Id == id)
            .Select(x => new
            {
                x.Id, x.Status, x.Score, x.Verdict, x.Feedback, x.AttemptNumber, x.ProblemId, x.SubmittedAt, x.GradedAt,
                x.Problem.ProblemSet.DueAt, x.Problem.ProblemSet.LatePenaltyPerDay,
                HintRevealedAt = db.HintReveals.Where(h => h.UserId == x.UserId && h.ProblemId == x.ProblemId).Select(h => (DateTimeOffset?)h.RevealedAt).FirstOrDefault(),
                HintPenalty = db.HintReveals.Where(h => h.UserId == x.UserId && h.ProblemId == x.ProblemId).Select(h => (double?)h.Penalty).FirstOrDefault()
            })
            .SingleOrDefaultAsync(ct);
        if (s is null) return NotFound();
        return Ok(new
        {
            s.Id,
            status = Verdicts.Text(s.Status),
            // The score earned, after the late policy and hint penalty; gradedScore is the grader's.
            score = EarnedScore.Of(s.Score, s.SubmittedAt, s.DueAt, s.LatePenaltyPerDay, s.HintRevealedAt, s.HintPenalty ?? 0),
            gradedScore = s.Score,
            verdict = Verdicts.Text(s.Verdict),
            s.Feedback,
            attempt = s.AttemptNumber,
            problemId = s.ProblemId,
            s.SubmittedAt,
            s.GradedAt,
        });
    }
}
