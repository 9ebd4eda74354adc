using System.Security.Claims;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Api;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Hints;

public sealed class HintsController(RevealHint reveal) : Controller
{
    // The problem page's "Show the hint" button; the page then shows it with its cost.
    [HttpPost("/problems/{id:int}/hint"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Reveal(int id, CancellationToken ct) =>
        await reveal.HandleAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, id, ct) switch
        {
            HintOutcome.NotFound or HintOutcome.NoHint => NotFound(),
            _ => Redirect($"/problems/{id}#hint"),
        };
}

public sealed class HintsApiController(RevealHint reveal) : ApiControllerBase
{
    [HttpPost("api/problems/{id:int}/hint"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Reveal(int id, CancellationToken ct) =>
        await reveal.HandleAsync(UserId, id, ct) switch
        {
            HintOutcome.Revealed r => Ok(new { hint = r.HintMarkdown, penalty = r.Penalty }),
            HintOutcome.NoHint => NotFound(new { error = "This problem has no hint." }),
            _ => NotFound(),
        };
}
