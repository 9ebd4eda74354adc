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
}
