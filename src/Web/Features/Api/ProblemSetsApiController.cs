using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Answers;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Student;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Api;

[Route("api/problemsets")]
public sealed class ProblemSetsApiController(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog) : ApiControllerBase
{
    [HttpGet]
    public async Task<IActionResult> List(CancellationToken ct)
    {
        var sets = await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), null, ct);
        return Ok(sets.Select(s => new
        {
            s.Id, s.Key, s.Title, s.Week, s.Summary, s.DueAt,
            schedule = ScheduleJson.Of(s.Schedule, clock.GetUtcNow()),
            problems = s.Problems.Count, solved = s.Solved,
            pointsEarned = s.PointsEarned, pointsPossible = s.PointsPossible,
        }));
    }

    // The set's problems with the caller's own variant of each statement.
    [HttpGet("{id:int}"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> Get(int id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenSetAsync(UserId, id, now, ct) is not { } schedule) return NotFound();
        var set = await db.ProblemSets.AsNoTracking()
            .Include(s => s.Problems.OrderBy(p => p.Position))
            .SingleAsync(s => s.Id == id, ct);
        // A timed set's statements only once the caller has started it; of a pool, the drawn member.
        var shown = schedule.ShowsProblems(now);
        var isStaff = await db.CourseIdsOf(UserId, CourseLevel.Staff).ContainsAsync(set.CourseId, ct);
        var problems = Pools.ShownTo(UserId, isStaff, set.Key, set.Problems, p => p.Key, p => p.PoolKey);
        var revealed = await db.HintReveals.Where(h => h.UserId == UserId && h.Problem.ProblemSetId == id)
            .Select(h => h.ProblemId).ToListAsync(ct);
        return Ok(new
        {
            // The caller's own dates (extensions included), as every other road reads them.
            set.Id, set.Key, set.Title, set.Week, set.Summary, schedule.OpensAt, schedule.DueAt, schedule.MaxAttempts,
            schedule = ScheduleJson.Of(schedule, now),
            problems = problems.Where(_ => shown).Select(p =>
            {
                p.ProblemSet = set;
                var rendered = catalog.VariantFor(UserId, p)?.Render();
                return new
                {
                    p.Id, p.Key, p.Title, p.Kind, p.Points,
                    statementMarkdown = rendered?.StatementMarkdown,
                    answerKind = rendered?.AnswerKind.Name(),
                    variables = rendered?.Variables ?? [],
                    // The answer box: what precedes it, an example, the syntax help.
                    answerPrefix = rendered?.Box.Prefix,
                    answerPlaceholder = rendered?.Box.Placeholder,
                    syntaxHelp = rendered?.Box.SyntaxHelp,
                    // A hint with a penalty only after POST /api/problems/{id}/hint.
                    hint = p.HintPenalty <= 0 || revealed.Contains(p.Id) ? rendered?.Hint : null,
                    hasHint = rendered?.Hint is not null,
                    hintPenalty = p.HintPenalty,
                };
            }),
        });
    }

    // Starts a timed set for the caller: idempotent (the same start and end every time), the
    // server's clock; 409 with the reason when it has closed, 400 when it is not timed.
    // An exam with an access code takes it in the body ({"accessCode": "..."}): 403 with the reason
    // for a wrong code or an address outside the exam's networks, 429 with Retry-After after
    // too many wrong codes.
    [HttpPost("{id:int}/start"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> Start(int id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StartBody? body,
        [FromServices] StartTimedSet start, CancellationToken ct) =>
        Answer(await start.HandleAsync(UserId, id, new StartRequest(body?.AccessCode, HttpContext.Connection.RemoteIpAddress), ct));

    // The student's "finish": their time ends now; the same answer as a start.
    [HttpPost("{id:int}/finish"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> Finish(int id, [FromServices] StartTimedSet start, CancellationToken ct) =>
        Answer(await start.FinishAsync(UserId, id, HttpContext.Connection.RemoteIpAddress, ct));

    public sealed record StartBody(string? AccessCode);

    private IActionResult Answer(StartOutcome outcome) => outcome switch
    {
        StartOutcome.Started s => Ok(ScheduleJson.Of(s.Schedule, clock.GetUtcNow())),
        StartOutcome.Refused r => Conflict(new { error = r.Reason }),
        StartOutcome.NotTimed n => BadRequest(new { error = n.Reason }),
        StartOutcome.Forbidden f => StatusCode(StatusCodes.Status403Forbidden, new { error = f.Reason }),
        StartOutcome.TooManyTries t => TooMany(t),
        StartOutcome.NotFound => NotFound(),
        var other => throw new InvalidOperationException($"Unhandled outcome {other.GetType().Name}"),
    };

    private ObjectResult TooMany(StartOutcome.TooManyTries t)
    {
        Response.Headers.RetryAfter = SubmissionsApiController.RetryAfterSeconds(t.RetryAfter);
        return StatusCode(StatusCodes.Status429TooManyRequests, new { error = t.Reason });
    }

    // One row per student, a column per problem in points, and the total (the shape LMS
    // gradebooks import), with late penalties and overrides applied (Features/Reports).
    // Staff of another course get 404, as for the report pages.
    [HttpGet("{id:int}/report.csv"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> Report(int id, CancellationToken ct)
    {
        var table = await Reports.Gradebook.ForSetAsync(db, id, ct);
        return table is null ? NotFound() : File(Reports.GradeCsv.Write(table), "text/csv", $"set-{id}-report.csv");
    }
}
