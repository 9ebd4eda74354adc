using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Authoring;

public sealed record SpecCheckRequest(string? Yaml);

// The YAML editor's errors while the author types (its script marks their lines): the same
// reading as the editor's Preview and Save (ProblemEditor.Read); nothing is stored.
[Route("api/authoring/spec-check")]
[Authorize(Policy = Policies.InstructorOfAnyCourse)]
public sealed class SpecCheckApiController : ApiControllerBase
{
    [HttpPost]
    public IActionResult Check(SpecCheckRequest request) =>
        Ok(new { errors = ProblemEditor.Read(request.Yaml ?? "").Errors.Select(e => new { e.Line, e.Column, e.Message }) });
}
