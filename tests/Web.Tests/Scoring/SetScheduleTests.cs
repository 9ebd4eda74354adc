using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Solutions;

namespace GraderHub.Web.Tests.Scoring;

// Where a set stands for a student, when a solution is released, what "solved" means and how a
// score explains itself: the small rules every page shares.
public class SetScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, null, null, SetPhase.Open)]
    [InlineData(1, null, null, SetPhase.NotYetOpen)]
    [InlineData(null, 2, null, SetPhase.Due)]
    [InlineData(null, -2, null, SetPhase.PastDue)]
    [InlineData(null, -2, 5, SetPhase.PastDue)]
    [InlineData(null, -5, -2, SetPhase.Closed)]
    [InlineData(null, null, -1, SetPhase.Closed)]
    public void PhaseAt_TheSetsDates_GiveItsPhase(int? opensInHours, int? dueInHours, int? closesInHours, SetPhase expected)
    {
        DateTimeOffset? At(int? hours) => hours is { } h ? Now.AddHours(h) : null;
        var schedule = new SetSchedule(At(opensInHours), At(dueInHours), At(closesInHours), 0.1);
        Assert.Equal(expected, schedule.PhaseAt(Now));
        Assert.Equal(expected is SetPhase.Open or SetPhase.Due or SetPhase.PastDue, schedule.AcceptsAnswersAt(Now));
    }

    [Theory]
    [InlineData(SolutionRelease.AfterDue, 2, 3, false)]
    [InlineData(SolutionRelease.AfterDue, -2, 3, true)]
    [InlineData(SolutionRelease.AfterDue, -2, null, true)]
    [InlineData(SolutionRelease.AfterDue, 2, 0, false)]
    [InlineData(SolutionRelease.AfterAttempts, 2, 0, true)]
    [InlineData(SolutionRelease.AfterAttempts, 2, 1, false)]
    [InlineData(SolutionRelease.AfterAttempts, 2, null, false)]
    [InlineData(SolutionRelease.AfterAttempts, -2, 1, true)]
    [InlineData(SolutionRelease.Never, -2, 0, false)]
    public void SolutionPolicy_ReleasesAsTheSetSays(SolutionRelease release, int dueInHours, int? attemptsLeft, bool released)
    {
        var schedule = new SetSchedule(null, Now.AddHours(dueInHours), null, 0);
        Assert.Equal(released, SolutionPolicy.For(release, schedule, Now, attemptsLeft).Released);
    }

    [Fact]
    public void SolutionPolicy_AfterDue_WithoutADueDate_IsNeverReleasedAndSaysSo()
    {
        var availability = SolutionPolicy.For(SolutionRelease.AfterDue, new SetSchedule(null, null, null, 0), Now, null);
        Assert.False(availability.Released);
        Assert.Contains("has none", availability.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 0.8, 1.0, null, "grader 100% × late 0.8 = 80%", true)]
    [InlineData(1.0, 1.0, 0.75, null, "grader 100% × hint 0.75 = 75%", true)]
    [InlineData(1.0, 0.9, 0.5, null, "grader 100% × late 0.9 × hint 0.5 = 45%", true)]
    [InlineData(0.5, 1.0, 1.0, null, "grader 50%", false)]
    [InlineData(1.0, 1.0, 1.0, 0.3, "set by staff: 30% (the grader gave 100%)", false)]
    [InlineData(0.0, 1.0, 1.0, 1.0, "set by staff: 100% (the grader gave 0%)", true)]
    [InlineData(null, 1.0, 1.0, null, "not graded yet", false)]
    public void ScoreParts_ExplainThemselves_AndFullCreditIsSolvedWhateverThePenalty(double? graded, double late, double hint, double? staff, string explained, bool solved)
    {
        var parts = new ScoreParts(graded, late, hint, staff, staff is null ? null : "reason");
        Assert.Equal(explained, parts.Explain());
        Assert.Equal(solved, parts.IsFullCredit);
    }
}
