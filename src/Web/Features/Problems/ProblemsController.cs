using System.Security.Claims;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Problems;

public sealed class ProblemsController(ProblemPage page, SubmitAnswer submit, ReportProblem report) : Controller
{
    [HttpGet("/problems/{id:int}"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Show(int id, [FromQuery] bool reported, CancellationToken ct)
    {
        var model = await page.LoadAsync(UserId, id, ct);
        return model is null ? NotFound() : View(model with { Reported = reported });
    }

    // "Report a problem": lands in the TA review queue with the student's variant.
    [HttpPost("/problems/{id:int}/report"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Report(int id, [FromForm] string? message, CancellationToken ct)
    {
        switch (await report.HandleAsync(UserId, id, message, ct))
        {
            case ReportProblem.Outcome.Stored:
                return Redirect($"/problems/{id}?reported=true");
            case ReportProblem.Outcome.NotFound:
                return NotFound();
            case ReportProblem.Outcome.Invalid invalid:
                var model = await page.LoadAsync(UserId, id, ct);
                if (model is null) return NotFound();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return View(nameof(Show), model with { ReportMessage = message, ReportError = invalid.Error });
            default:
                throw new InvalidOperationException("Unhandled report outcome");
        }
    }

    // The form post (works without JavaScript). A malformed answer re-shows the page with the
    // error and its column, status 400, and no attempt used.
    [HttpPost("/problems/{id:int}"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Submit(int id, [FromForm] string? answer, [FromForm] string? idempotencyKey, CancellationToken ct)
    {
        // The form carries a key made when the page was shown: posting it twice (a double
        // click, a reload, a retry after a lost response) stores one answer.
        var outcome = await submit.HandleAsync(UserId, id, answer, idempotencyKey, watchGrade: false, ct);
        switch (outcome)
        {
            case SubmitOutcome.Accepted:
                return RedirectToAction(nameof(Show), new { id });
            case SubmitOutcome.NotFound:
                return NotFound();
            case SubmitOutcome.Malformed m:
                return await ShowWithError(id, answer, m.Error, m.Column, StatusCodes.Status400BadRequest, ct);
            case SubmitOutcome.Refused r:
                return await ShowWithError(id, answer, r.Reason, null, StatusCodes.Status409Conflict, ct);
            case SubmitOutcome.Forbidden f:
                return await ShowWithError(id, answer, f.Reason, null, StatusCodes.Status403Forbidden, ct);
            case SubmitOutcome.TooFast t:
                Response.Headers.RetryAfter = Api.SubmissionsApiController.RetryAfterSeconds(t.RetryAfter);
                return await ShowWithError(id, answer, SubmitAnswer.TooFastMessage(t.RetryAfter), null, StatusCodes.Status429TooManyRequests, ct);
            case SubmitOutcome.Unavailable u:
                Response.Headers.RetryAfter = Api.SubmissionsApiController.RetryAfterSeconds(u.RetryAfter);
                return await ShowWithError(id, answer, SubmitAnswer.UnavailableMessage(u.RetryAfter), null, StatusCodes.Status503ServiceUnavailable, ct);
            default:
                throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}");
        }
    }

    private async Task<IActionResult> ShowWithError(int id, string? answer, string error, int? column, int status, CancellationToken ct)
    {
        var model = await page.LoadAsync(UserId, id, ct);
        if (model is null) return NotFound();
        Response.StatusCode = status;
        return View(nameof(Show), model with { Answer = answer ?? model.Answer, Error = error, ErrorColumn = column });
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
