using GraderHub.Grading.Answers;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;

namespace GraderHub.Web.Features.Submissions;

public static class Verdicts
{
    public static Verdict ToStored(GradeVerdict v) => v switch
    {
        GradeVerdict.Correct => Verdict.Correct,
        GradeVerdict.PartiallyCorrect => Verdict.PartiallyCorrect,
        GradeVerdict.Incorrect => Verdict.Incorrect,
        GradeVerdict.Undetermined => Verdict.Undetermined,
        GradeVerdict.Invalid => Verdict.Invalid,
    };

    public static string? Text(Verdict? v) => v is { } x ? SnakeCase.ToText(x) : null;
    public static string Text(SubmissionStatus s) => SnakeCase.ToText(s);
}
