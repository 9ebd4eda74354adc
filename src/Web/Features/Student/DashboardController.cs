using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Student;

public sealed class DashboardController(GraderHubDbContext db, TimeProvider clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), null, ct));

    [HttpGet("/sets/{id:int}"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> ProblemSet(int id, CancellationToken ct)
    {
        var sets = await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), id, ct);
        return sets.Count == 1 ? View(sets[0]) : NotFound();
    }

    // Starting a timed set (the set page's button): idempotent, the server's clock.
    [HttpPost("/sets/{id:int}/start"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> Start(int id, [FromForm] string? accessCode, [FromServices] Schedule.StartTimedSet start, CancellationToken ct) =>
        await Show(id, await start.HandleAsync(UserId, id, new Schedule.StartRequest(accessCode, HttpContext.Connection.RemoteIpAddress), ct), ct);

    // The "finish" button of a running timed set or exam: the student's time ends now.
    [HttpPost("/sets/{id:int}/finish"), ForCourse(CourseLevel.Enrolled, CourseResource.Set)]
    public async Task<IActionResult> Finish(int id, [FromServices] Schedule.StartTimedSet start, CancellationToken ct) =>
        await Show(id, await start.FinishAsync(UserId, id, HttpContext.Connection.RemoteIpAddress, ct), ct);

    private async Task<IActionResult> Show(int id, Schedule.StartOutcome outcome, CancellationToken ct)
    {
        switch (outcome)
        {
            case Schedule.StartOutcome.Started:
                return Redirect($"/sets/{id}");
            case Schedule.StartOutcome.NotFound:
                return NotFound();
            case Schedule.StartOutcome.Refused r:
                return await ShowWithError(id, r.Reason, StatusCodes.Status409Conflict, ct);
            case Schedule.StartOutcome.NotTimed n:
                return await ShowWithError(id, n.Reason, StatusCodes.Status400BadRequest, ct);
            case Schedule.StartOutcome.Forbidden f:
                return await ShowWithError(id, f.Reason, StatusCodes.Status403Forbidden, ct);
            case Schedule.StartOutcome.TooManyTries t:
                Response.Headers.RetryAfter = Api.SubmissionsApiController.RetryAfterSeconds(t.RetryAfter);
                return await ShowWithError(id, t.Reason, StatusCodes.Status429TooManyRequests, ct);
            default:
                throw new InvalidOperationException("unknown start outcome");
        }
    }

    private async Task<IActionResult> ShowWithError(int id, string error, int status, CancellationToken ct)
    {
        var sets = await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), id, ct);
        if (sets.Count != 1) return NotFound();
        Response.StatusCode = status;
        return View("ProblemSet", sets[0] with { Error = error });
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
