using GraderHub.Data;
using GraderHub.Grading.Problems;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Api;

public sealed record PreviewRequest(string? Answer, IReadOnlyList<string>? Vars);

[Route("api/preview")]
public sealed class PreviewApiController : ApiControllerBase
{
    private static readonly string[] DefaultVariables = ["x"];

    [HttpPost]
    public IActionResult Preview(PreviewRequest request)
    {
        var answer = request.Answer ?? "";
        if (answer.Length > Limits.AnswerMaxLength)
            return BadRequest(new { error = $"The answer is longer than {Limits.AnswerMaxLength} characters.", column = Limits.AnswerMaxLength + 1 });
        var vars = request.Vars is { Count: > 0 } v ? v.Where(s => !string.IsNullOrWhiteSpace(s)).Take(20).ToList() : [.. DefaultVariables];
        var preview = ProblemGrading.PreviewExpression(answer, vars);
        return preview.Ok
            ? Ok(new { latex = preview.Latex, text = preview.Text })
            : BadRequest(new { error = preview.Error ?? "The answer could not be read.", column = preview.Column ?? 1 });
    }
}
