using System.Text;
using GraderHub.Data;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Authoring;

public sealed record ImportPage(int CourseId, IReadOnlyList<SpecError> Errors, string? FileName);

// Import and export of a problem set as one YAML file.
public sealed class TransferController(GraderHubDbContext db, TimeProvider clock, SetTransfer transfer)
    : AuthoringControllerBase(db, clock)
{
    [HttpGet("/authoring/sets/{id:int}/export"), ForCourse(CourseLevel.Instructor, CourseResource.Set)]
    public async Task<IActionResult> Export(int id, CancellationToken ct)
    {
        var set = await Db.ProblemSets.AsNoTracking().Include(s => s.Problems).SingleAsync(s => s.Id == id, ct);
        var yaml = SetTransfer.Export(set, set.Problems.OrderBy(p => p.Position));
        return File(Encoding.UTF8.GetBytes(yaml), "application/yaml", $"{set.Key}.yaml");
    }

    [HttpGet("/authoring/courses/{courseId:int}/import"), ForCourse(CourseLevel.Instructor, CourseResource.Course, "courseId")]
    public IActionResult Import(int courseId) => View(new ImportPage(courseId, [], null));

    [HttpPost("/authoring/courses/{courseId:int}/import"), ForCourse(CourseLevel.Instructor, CourseResource.Course, "courseId")]
    [RequestSizeLimit(2 * SetTransfer.MaxFileLength)]
    public async Task<IActionResult> Import(int courseId, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
            return Rejected(courseId, null, [new SpecError("", 1, 1, "Choose a YAML file to import.")]);
        if (file.Length > SetTransfer.MaxFileLength)
            return Rejected(courseId, file.FileName, [new SpecError(file.FileName, 1, 1, "The file is larger than 1 MB.")]);
        string text;
        using (var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try { text = await reader.ReadToEndAsync(ct); }
            catch (DecoderFallbackException) { return Rejected(courseId, file.FileName, [new SpecError(file.FileName, 1, 1, "The file is not UTF-8 text.")]); }
        }
        var name = Path.GetFileName(file.FileName);
        return await transfer.ImportAsync(courseId, text, name, UserId, ct) switch
        {
            ImportOutcome.Imported i => RedirectWithMessage(i),
            ImportOutcome.Rejected r => Rejected(courseId, name, r.Errors),
            _ => throw new InvalidOperationException("Unhandled import outcome"),
        };
    }

    private RedirectResult RedirectWithMessage(ImportOutcome.Imported i)
    {
        TempData["Message"] = $"Imported '{i.Key}' with {i.Problems} problems, unpublished.";
        return Redirect($"/authoring/sets/{i.SetId}");
    }

    private ViewResult Rejected(int courseId, string? fileName, IReadOnlyList<SpecError> errors)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Import", new ImportPage(courseId, errors, fileName));
    }
}
