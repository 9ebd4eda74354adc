using System.Security.Claims;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Api;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Solutions;

public sealed class SolutionsController(SolutionPage page) : Controller
{
    // Before the policy allows it the page says when the solution will be shown (200: being
    // enrolled is enough to ask; the answer is simply "not yet").
    [HttpGet("/problems/{id:int}/solution"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Show(int id, CancellationToken ct) =>
        await page.LoadAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, id, ct) is { } view ? View(view) : NotFound();
}

[Route("api/problems")]
public sealed class SolutionsApiController(SolutionPage page) : ApiControllerBase
{
    // {available, note, authorHtml, workedHtml, answerLatex, answerText}: the content only when available.
    [HttpGet("{id:int}/solution"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Get(int id, CancellationToken ct)
    {
        if (await page.LoadAsync(UserId, id, ct) is not { } view) return NotFound();
        return Ok(new
        {
            available = view.Availability.Released,
            note = view.Availability.Note,
            view.DueAt,
            view.AuthorHtml,
            view.WorkedHtml,
            view.AnswerLatex,
            view.AnswerText,
        });
    }
}
