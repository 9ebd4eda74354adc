using GraderHub.Data;
using GraderHub.Grading.Feedback;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Submissions;

namespace GraderHub.Web.Features.Solutions;

// How much a grade's feedback may show one student (FeedbackDetail): the expected values of
// their iterates only once the set's solution policy has released their solution (SolutionPolicy,
// read the same way the solution page reads it: their own due date and attempts), words before.
// The grader asks here at grading time, so an answer graded after the release shows the values.
public static class FeedbackPolicy
{
    public static async Task<FeedbackDetail> ForAsync(GraderHubDbContext db, string userId, int problemId, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.OpenProblemAsync(userId, problemId, now, ct) is not { } open) return FeedbackDetail.Words;
        // Without a limit there is nothing to count (AttemptsLeft is null): one query fewer per grade.
        var left = open.Schedule.MaxAttempts is null ? null : open.Schedule.AttemptsLeft(await Attempts.UsedAsync(db, userId, problemId, ct));
        return SolutionPolicy.For(open.Problem.ProblemSet.SolutionRelease, open.Schedule, now, left).Released
            ? FeedbackDetail.Values
            : FeedbackDetail.Words;
    }
}
