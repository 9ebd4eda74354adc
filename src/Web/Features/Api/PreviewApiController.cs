using GraderHub.Data;
using GraderHub.Grading.Answers;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Api;

public sealed record PreviewRequest(string? Answer, IReadOnlyList<string>? Vars);

public sealed record ProblemPreviewRequest(string? Answer);

public sealed class PreviewApiController(PreviewAnswer previewAnswer) : ApiControllerBase
{
    private static readonly string[] DefaultVariables = ["x"];

    // A plain expression in the given variables (no problem): the engine's reading of what was typed.
    [HttpPost("api/preview")]
    public IActionResult Preview(PreviewRequest request)
    {
        var answer = request.Answer ?? "";
        if (answer.Length > Limits.AnswerMaxLength)
            return BadRequest(new { error = $"The answer is longer than {Limits.AnswerMaxLength} characters.", column = Limits.AnswerMaxLength + 1 });
        var vars = request.Vars is { Count: > 0 } v ? v.Where(s => !string.IsNullOrWhiteSpace(s)).Take(20).ToList() : [.. DefaultVariables];
        return Result(ExpressionAnswer.PreviewOf(answer, vars));
    }

    // An answer to one problem, read by the caller's variant of it: a vector as a column vector, a
    // matrix as a matrix, iterates as a list; a shape error is 400 like a syntax error.
    // Authorized exactly as submitting to the problem is.
    [HttpPost("api/problems/{id:int}/preview"), ForCourse(CourseLevel.Enrolled, CourseResource.Problem)]
    public async Task<IActionResult> PreviewForProblem(int id, ProblemPreviewRequest request, CancellationToken ct) =>
        await previewAnswer.HandleAsync(UserId, id, request.Answer, ct) is { } preview ? Result(preview) : NotFound();

    private IActionResult Result(AnswerPreview preview) => preview.Ok
        ? Ok(new { latex = preview.Latex, text = preview.Text })
        : BadRequest(new { error = preview.Error ?? "The answer could not be read.", column = preview.Column ?? 1 });
}
