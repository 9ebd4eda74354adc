using System.Security.Claims;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Practice;

public sealed class PracticeController(PracticeProblem practice) : Controller
{
    [HttpGet("/problems/{id:int}/practice"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Show(int id, CancellationToken ct) =>
        await practice.DrawAsync(UserId, id, ct) is { } model ? View(model) : NotFound();

    // A token that is not the caller's (or none, as the matrix posts): 400, the practice page
    // asks to draw again; nothing is stored either way.
    [HttpPost("/problems/{id:int}/practice"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> Grade(int id, [FromForm] string? token, [FromForm] string? answer, CancellationToken ct)
    {
        if (await practice.GradeAsync(UserId, id, token, answer, ct) is { } model)
        {
            if (model.Error is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Show", model);
        }
        return BadRequest("This practice question has expired or is not yours; draw another one from the problem page.");
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
