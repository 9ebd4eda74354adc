using GraderHub.Grading.Answers;
using GraderHub.Data;
using GraderHub.Data.Entities;

namespace GraderHub.Web.Features.Submissions;

public static class Verdicts
{
    public static string? Text(Verdict? v) => v is { } x ? SnakeCase.ToText(x) : null;
    public static string Text(SubmissionStatus s) => SnakeCase.ToText(s);
}
