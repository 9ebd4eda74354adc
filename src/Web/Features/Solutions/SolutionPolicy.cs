using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;

namespace GraderHub.Web.Features.Solutions;

// Whether a student may read a problem's solution now, and if not, when they will.
public sealed record SolutionAvailability(bool Released, string Note);

// The one reading of a set's solution policy (ProblemSet.SolutionRelease) for one student: pages,
// the API and the links to the solution all ask here, and nothing of the solution is computed
// for a student before it says Released. It reads the student's own schedule (EffectiveSchedule),
// so an extension or extra attempts delay the solution for that student:
//   AfterDue: the student's due date (or hard close) has passed;
//   AfterAttempts: that, or the student has used all their attempts on this problem;
//   Never: not shown to students (staff see the reference on the review pages).
// An exam shows no solution until its results are released to the student.
public static class SolutionPolicy
{
    public static SolutionAvailability For(SolutionRelease release, EffectiveSchedule schedule, DateTimeOffset now, int? attemptsLeft)
    {
        if (release is not SolutionRelease.Never && !schedule.ShowsResults)
            return new(false, "Exam: the solution is shown once your results are released.");
        var afterDue = schedule.IsPastDueAt(now);
        return release switch
        {
            SolutionRelease.Never => new(false, "Solutions are not shown for this problem set."),
            SolutionRelease.AfterDue => afterDue
                ? new(true, "The due date has passed, so the solution is shown.")
                : new(false, schedule.DueAt is null && schedule.HardCloseAt is null
                    ? "The solution is shown after the due date; this set has none yet."
                    : "The solution is shown after your due date."),
            SolutionRelease.AfterAttempts => afterDue
                ? new(true, "The due date has passed, so the solution is shown.")
                : attemptsLeft == 0
                    ? new(true, "You have used all your attempts, so the solution is shown.")
                    : new(false, "The solution is shown after your due date, or once you have used all your attempts."),
        };
    }
}
