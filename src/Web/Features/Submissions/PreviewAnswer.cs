using GraderHub.Data;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;

namespace GraderHub.Web.Features.Submissions;

// The live preview of an answer through the caller's own variant of a problem
// (POST /api/problems/{id}/preview), and the one reading submit applies before storing anything:
// whatever this refuses, the submit refuses the same way (400, no attempt used).
public sealed class PreviewAnswer(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog)
{
    // Null when the caller may not answer this problem (the same 404 as submitting to it).
    public async Task<AnswerPreview?> HandleAsync(string userId, int problemId, string? answer, CancellationToken ct)
    {
        if (await db.OpenProblemAsync(userId, problemId, clock.GetUtcNow(), ct) is not { Problem: var problem }) return null;
        return catalog.VariantFor(userId, problem) is { } variant
            ? Read(variant, answer?.Trim() ?? "")
            : AnswerPreview.Fail("This problem is being fixed by the teaching staff; try again later.", 1);
    }

    public static AnswerPreview Read(Variant variant, string answer)
    {
        if (answer.Length == 0) return AnswerPreview.Fail("Type an answer first.", 1);
        if (answer.Length > Limits.AnswerMaxLength)
            return AnswerPreview.Fail($"The answer is longer than {Limits.AnswerMaxLength} characters.", Limits.AnswerMaxLength + 1);
        return variant.Preview(answer);
    }
}
