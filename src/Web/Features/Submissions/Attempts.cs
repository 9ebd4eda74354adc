using System.Linq.Expressions;
using GraderHub.Data.Entities;

namespace GraderHub.Web.Features.Submissions;

// Which stored answers use one of the set's attempts: all but those the grader could not read
// or check (invalid, or took too long to check) and those whose grading failed. A malformed
// answer is refused at submit and never stored, so it uses none either.
public static class Attempts
{
    public static readonly Expression<Func<Submission, bool>> UsesAttempt = s =>
        s.Status != SubmissionStatus.Failed && !(s.Status == SubmissionStatus.Graded && s.Verdict == Verdict.Invalid);

    private static readonly Func<Submission, bool> UsesAttemptCompiled = UsesAttempt.Compile();

    public static bool Uses(SubmissionStatus status, Verdict? verdict) =>
        UsesAttemptCompiled(new Submission { UserId = "", AnswerText = "", Status = status, Verdict = verdict });
}
