using System.Linq.Expressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Which stored answers use one of the set's attempts: all but those the grader could not read
// or check (invalid, or took too long to check) and those whose grading failed. A malformed
// answer is refused at submit and never stored, so it uses none either.
public static class Attempts
{
    public static readonly Expression<Func<Submission, bool>> UsesAttempt = s =>
        s.Status != SubmissionStatus.Failed && !(s.Status == SubmissionStatus.Graded && s.Verdict == Verdict.Invalid);

    // The same rule for a submission in memory (one not yet stored, counted by AttemptNumbering).
    public static readonly Func<Submission, bool> Uses = UsesAttempt.Compile();

    // The attempts a student has used on a problem; what is left is the student's own schedule's
    // (EffectiveSchedule.AttemptsLeft: an override may grant more). Compiled once: the submit
    // asks it for every answer to a problem with an attempt limit.
    public static Task<int> UsedAsync(GraderHubDbContext db, string userId, int problemId, CancellationToken ct) =>
        Used(db, userId, problemId, ct);

    private static readonly Func<GraderHubDbContext, string, int, CancellationToken, Task<int>> Used = EF.CompileAsyncQuery(
        (GraderHubDbContext db, string userId, int problemId, CancellationToken ct) => db.Submissions
            .Where(s => s.UserId == userId && s.ProblemId == problemId)
            .Count(UsesAttempt));
}
