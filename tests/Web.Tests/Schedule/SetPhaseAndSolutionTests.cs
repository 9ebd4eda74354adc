using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Solutions;

namespace GraderHub.Web.Tests.Schedule;

// Where a set stands for a student (EffectiveSchedule.PhaseAt), when a solution is released
// (SolutionPolicy, by the student's own dates), what "solved" means and how a score explains
// itself: the small rules every page shares.
public class SetPhaseAndSolutionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset? At(int? hours) => hours is { } h ? Now.AddHours(h) : null;

    private static SetCalendar Set(int? opensInHours = null, int? dueInHours = null, int? closesInHours = null, int? attempts = null,
        int? minutes = null, bool exam = false, bool released = false) =>
        new(1, 1, true, At(opensInHours), At(dueInHours), At(closesInHours), attempts, 0.1, minutes, exam, released ? Now : null);

    private static EffectiveSchedule Plain(SetCalendar set) => EffectiveSchedule.Of(set, StudentCalendar.None);

    private static EffectiveSchedule Extended(SetCalendar set, int dueInHours, int? attempts = null) =>
        EffectiveSchedule.Of(set, new StudentCalendar([new ScheduleChange(true, Now, null, At(dueInHours), null, attempts, null, null)], 0, null, false));

    [Theory]
    [InlineData(null, null, null, SetPhase.Open)]
    [InlineData(1, null, null, SetPhase.NotYetOpen)]
    [InlineData(null, 2, null, SetPhase.Due)]
    [InlineData(null, -2, null, SetPhase.PastDue)]
    [InlineData(null, -2, 5, SetPhase.PastDue)]
    [InlineData(null, -5, -2, SetPhase.Closed)]
    [InlineData(null, null, -1, SetPhase.Closed)]
    public void PhaseAt_TheSetsDates_GiveItsPhase_AndAcceptanceAgrees(int? opensInHours, int? dueInHours, int? closesInHours, SetPhase expected)
    {
        var schedule = Plain(Set(opensInHours, dueInHours, closesInHours));
        Assert.Equal(expected, schedule.PhaseAt(Now));
        if (expected is not SetPhase.NotYetOpen)
            Assert.Equal(expected is SetPhase.Closed, schedule.AnswerRefusal(Now, 0) is Refusal.Closed);
    }

    [Fact]
    public void PhaseAt_FollowsTheStudentsExtension_AndATimedSetsEnd()
    {
        Assert.Equal(SetPhase.PastDue, Plain(Set(dueInHours: -2)).PhaseAt(Now));
        Assert.Equal(SetPhase.Due, Extended(Set(dueInHours: -2), dueInHours: 24).PhaseAt(Now));

        var started = EffectiveSchedule.Of(Set(minutes: 30), new StudentCalendar([], 0, Now.AddMinutes(-45), false));
        Assert.Equal(SetPhase.Closed, started.PhaseAt(Now));
        Assert.IsType<Refusal.TimeUp>(started.AnswerRefusal(Now, 0));
        var withExtraTime = EffectiveSchedule.Of(Set(minutes: 30), new StudentCalendar([], 100, Now.AddMinutes(-45), false));
        Assert.Equal(SetPhase.Open, withExtraTime.PhaseAt(Now));
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
        Assert.Equal(released, SolutionPolicy.For(release, Plain(Set(dueInHours: dueInHours)), Now, attemptsLeft).Released);
    }

    [Fact]
    public void SolutionPolicy_AnExtensionDelaysTheSolution_AndExtraAttemptsDelayAfterAttempts()
    {
        var set = Set(dueInHours: -2, attempts: 2);
        Assert.True(SolutionPolicy.For(SolutionRelease.AfterDue, Plain(set), Now, 1).Released);
        var extended = Extended(set, dueInHours: 24);
        Assert.False(SolutionPolicy.For(SolutionRelease.AfterDue, extended, Now, 1).Released);
        Assert.True(SolutionPolicy.For(SolutionRelease.AfterDue, extended, Now.AddHours(25), 1).Released);

        // Two attempts used: the set's 2 are spent, the student's own 4 are not.
        var more = Extended(Set(dueInHours: 5, attempts: 2), dueInHours: 5, attempts: 4);
        Assert.True(SolutionPolicy.For(SolutionRelease.AfterAttempts, Plain(Set(dueInHours: 5, attempts: 2)), Now,
            Plain(Set(dueInHours: 5, attempts: 2)).AttemptsLeft(2)).Released);
        Assert.False(SolutionPolicy.For(SolutionRelease.AfterAttempts, more, Now, more.AttemptsLeft(2)).Released);
    }

    [Fact]
    public void SolutionPolicy_AnExamShowsNoSolutionUntilItsResultsAreReleased()
    {
        var hidden = SolutionPolicy.For(SolutionRelease.AfterDue, Plain(Set(dueInHours: -2, exam: true)), Now, 0);
        Assert.False(hidden.Released);
        Assert.Contains("released", hidden.Note, StringComparison.Ordinal);
        Assert.True(SolutionPolicy.For(SolutionRelease.AfterDue, Plain(Set(dueInHours: -2, exam: true, released: true)), Now, 0).Released);
        var toOne = EffectiveSchedule.Of(Set(dueInHours: -2, exam: true), new StudentCalendar([], 0, null, true));
        Assert.True(SolutionPolicy.For(SolutionRelease.AfterAttempts, toOne, Now, 0).Released);
    }

    [Fact]
    public void SolutionPolicy_AfterDue_WithoutADueDate_IsNeverReleasedAndSaysSo()
    {
        var availability = SolutionPolicy.For(SolutionRelease.AfterDue, Plain(Set()), Now, null);
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
