using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;

namespace GraderHub.Web.Features.Solutions;

// Whether a student may read a problem's solution now, and if not, when they will.
public sealed record SolutionAvailability(bool Released, string Note);

// The one reading of a set's solution policy (ProblemSet.SolutionRelease) for one student: pages,
// the API and the links to the solution all ask here, and nothing of the solution is computed
// for a student before it says Released.
//   AfterDue: the student's due date has passed (or the set has closed);
//   AfterAttempts: that, or the student has used all of the set's attempts on this problem;
//   Never: not shown to students (staff see the reference on the review pages).
public static class SolutionPolicy
{
    public static SolutionAvailability For(SolutionRelease release, SetSchedule schedule, DateTimeOffset now, int? attemptsLeft)
    {
        var afterDue = schedule.PhaseAt(now) is SetPhase.PastDue or SetPhase.Closed;
        return release switch
        {
            SolutionRelease.Never => new(false, "Solutions are not shown for this problem set."),
            SolutionRelease.AfterDue => afterDue
                ? new(true, "The due date has passed, so the solution is shown.")
                : new(false, schedule.DueAt is null && schedule.HardCloseAt is null
                    ? "The solution is shown after the due date; this set has none yet."
                    : "The solution is shown after the due date."),
            SolutionRelease.AfterAttempts => afterDue
                ? new(true, "The due date has passed, so the solution is shown.")
                : attemptsLeft == 0
                    ? new(true, "You have used all your attempts, so the solution is shown.")
                    : new(false, "The solution is shown after the due date, or once you have used all your attempts."),
        };
    }
}
