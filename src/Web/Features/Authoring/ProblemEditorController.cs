using System.Globalization;
using GraderHub.Data;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Authoring;

public sealed record EditorPage(int SetId, string SetTitle, int? ProblemId, int Version, string Yaml, int Seed)
{
    // Percent of the score lost by answers given after revealing the hint; not part of the spec.
    public string HintPenaltyPercent { get; init; } = "0";
    public IReadOnlyList<LineError> Errors { get; init; } = [];
    public IReadOnlyList<string> Issues { get; init; } = [];
    public ProblemPreview? Preview { get; init; }
    public string? Message { get; init; }
    // An answer the author tried against the previewed seed, and how it graded.
    public string? TryAnswer { get; init; }
    public TrialGrade? Trial { get; init; }
}

public sealed class EditorForm
{
    public string? Yaml { get; set; }
    public string? Seed { get; set; }
    // "preview" shows the problem as a student would see it without saving; "save" stores it.
    public string? Intent { get; set; }
    public string? HintPenaltyPercent { get; set; }
    // With "preview": graded against the previewed seed, nothing stored.
    public string? TryAnswer { get; set; }
}

// The YAML editor of one problem: errors at their line, preview with any seed, versioned save.
public sealed class ProblemEditorController(GraderHubDbContext db, TimeProvider clock, ProblemEditor editor)
    : AuthoringControllerBase(db, clock)
{
    [HttpGet("/authoring/sets/{setId:int}/problems/new"), ForCourse(CourseLevel.Instructor, CourseResource.Set, "setId")]
    public async Task<IActionResult> New(int setId, CancellationToken ct)
    {
        return View("Editor", new EditorPage(setId, await SetTitleAsync(setId, ct), null, 0, ProblemEditor.Template, 0));
    }

    [HttpPost("/authoring/sets/{setId:int}/problems/new"), ForCourse(CourseLevel.Instructor, CourseResource.Set, "setId")]
    [RequestSizeLimit(ProblemEditor.MaxPostBytes), RequestFormLimits(ValueLengthLimit = ProblemEditor.MaxPostBytes)]
    public async Task<IActionResult> Create(int setId, [FromForm] EditorForm form, CancellationToken ct)
    {
        return await HandleAsync(new EditorPage(setId, await SetTitleAsync(setId, ct), null, 0, form.Yaml ?? "", 0)
        { HintPenaltyPercent = form.HintPenaltyPercent ?? "0" }, form, ct);
    }

    // ?seed=N previews the saved spec as the student with that variant would see it.
    [HttpGet("/authoring/problems/{id:int}"), ForCourse(CourseLevel.Instructor, CourseResource.Problem)]
    public async Task<IActionResult> Edit(int id, [FromQuery] string? seed, CancellationToken ct)
    {
        var page = await LoadAsync(id, ct);
        if (page is null) return NotFound();
        if (!TryParseSeed(seed, out var s)) return BadPage(page, "The seed is a whole number from 0 to 2147483647.");
        page = page with { Seed = s, Message = TempData["Message"] as string };
        var (definition, _) = ProblemEditor.Read(page.Yaml);
        return View("Editor", definition is null ? page : page with { Preview = editor.Preview(definition, s) });
    }

    [HttpPost("/authoring/problems/{id:int}"), ForCourse(CourseLevel.Instructor, CourseResource.Problem)]
    [RequestSizeLimit(ProblemEditor.MaxPostBytes), RequestFormLimits(ValueLengthLimit = ProblemEditor.MaxPostBytes)]
    public async Task<IActionResult> Save(int id, [FromForm] EditorForm form, CancellationToken ct)
    {
        var page = await LoadAsync(id, ct);
        if (page is null) return NotFound();
        return await HandleAsync(page with { Yaml = form.Yaml ?? "", HintPenaltyPercent = form.HintPenaltyPercent ?? "0" }, form, ct);
    }

    private async Task<IActionResult> HandleAsync(EditorPage page, EditorForm form, CancellationToken ct)
    {
        if (!TryParseSeed(form.Seed, out var seed)) return BadPage(page, "The seed is a whole number from 0 to 2147483647.");
        page = page with { Seed = seed };
        var (definition, errors) = ProblemEditor.Read(page.Yaml);
        if (definition is null) return BadPage(page with { Errors = errors }, null);
        if (form.Intent != "save") return View("Editor", WithTrial(page with { Preview = editor.Preview(definition, seed) }, definition, form.TryAnswer));
        if (!double.TryParse(string.IsNullOrWhiteSpace(page.HintPenaltyPercent) ? "0" : page.HintPenaltyPercent, NumberStyles.Float,
                CultureInfo.InvariantCulture, out var hintPenalty) || hintPenalty is < 0 or > 100)
            return BadPage(page with { Preview = editor.Preview(definition, seed) }, "The hint penalty is a percentage from 0 to 100.");

        switch (await editor.SaveAsync(page.SetId, page.ProblemId, page.Yaml, hintPenalty / 100, UserId, ct))
        {
            case SaveOutcome.Saved saved:
                TempData["Message"] = saved.Changed ? $"Saved as version {saved.Version.ToString(CultureInfo.InvariantCulture)}." : "No changes to save.";
                return Redirect($"/authoring/problems/{saved.ProblemId}?seed={seed.ToString(CultureInfo.InvariantCulture)}");
            case SaveOutcome.Invalid invalid:
                return BadPage(page with { Errors = invalid.Errors, Issues = invalid.Issues, Preview = editor.Preview(definition, seed) }, null);
            default:
                throw new InvalidOperationException("Unhandled save outcome");
        }
    }

    private static EditorPage WithTrial(EditorPage page, ProblemDefinition definition, string? answer)
    {
        answer = answer?.Trim();
        if (string.IsNullOrEmpty(answer)) return page;
        if (answer.Length > Limits.AnswerMaxLength)
            return page with { TryAnswer = answer[..Limits.AnswerMaxLength], Issues = [$"Answers are at most {Limits.AnswerMaxLength} characters."] };
        return page with { TryAnswer = answer, Trial = VariantMath.Try(definition, page.Seed, answer) };
    }

    private ViewResult BadPage(EditorPage page, string? issue)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Editor", issue is null ? page : page with { Issues = [issue] });
    }

    private static bool TryParseSeed(string? text, out int seed)
    {
        seed = 0;
        return string.IsNullOrWhiteSpace(text)
            || (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed) && seed >= 0);
    }

    private Task<string> SetTitleAsync(int setId, CancellationToken ct) =>
        Db.ProblemSets.Where(s => s.Id == setId).Select(s => s.Title).SingleAsync(ct);

    private Task<EditorPage?> LoadAsync(int id, CancellationToken ct) =>
        Db.Problems.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new EditorPage(p.ProblemSetId, p.ProblemSet.Title, p.Id, p.Version, p.SpecYaml, 0)
            {
                HintPenaltyPercent = (p.HintPenalty * 100).ToString(CultureInfo.InvariantCulture),
            })
            .SingleOrDefaultAsync(ct);
}
