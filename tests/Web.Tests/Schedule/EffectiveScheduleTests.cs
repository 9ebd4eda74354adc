using GraderHub.Web.Features.Schedule;

namespace GraderHub.Web.Tests.Schedule;

// The rules of EffectiveSchedule at their edges, with the instant given explicitly: a second
// before and after each deadline, with and without an extension or accommodation.
public sealed class EffectiveScheduleTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static SetCalendar Set(int? minutes = null, DateTimeOffset? close = null, int? attempts = null, bool exam = false) =>
        new(1, 1, true, Due.AddDays(-7), Due, close ?? Due.AddDays(1), attempts, 0.25, minutes, exam, null);

    private static ScheduleChange Change(bool forStudent, int minutesAfterDue = 0, DateTimeOffset? due = null, DateTimeOffset? close = null,
        int? attempts = null, int? limit = null, double? perDay = null) =>
        new(forStudent, Due.AddMinutes(minutesAfterDue), null, due, close, attempts, perDay, limit);

    [Fact]
    public void HardClose_ASecondBeforeIsAccepted_ASecondAfterIsRefused_AndAnExtensionMovesIt()
    {
        var plain = EffectiveSchedule.Of(Set(), StudentCalendar.None);
        var close = Due.AddDays(1);
        Assert.Null(plain.AnswerRefusal(close - Second, 0));
        Assert.Null(plain.AnswerRefusal(close, 0));
        Assert.IsType<Refusal.Closed>(plain.AnswerRefusal(close + Second, 0));

        var extended = EffectiveSchedule.Of(Set(), new StudentCalendar([Change(true, close: close.AddDays(2))], 0, null, false));
        Assert.Null(extended.AnswerRefusal(close + Second, 0));
        Assert.Null(extended.AnswerRefusal(close.AddDays(2) - Second, 0));
        Assert.IsType<Refusal.Closed>(extended.AnswerRefusal(close.AddDays(2) + Second, 0));
        Assert.True(extended.IsPersonal);
        Assert.False(plain.IsPersonal);
    }

    [Fact]
    public void LateFactor_FollowsTheStudentsOwnDueDate()
    {
        var plain = EffectiveSchedule.Of(Set(), StudentCalendar.None);
        var extended = EffectiveSchedule.Of(Set(), new StudentCalendar([Change(true, due: Due.AddDays(2))], 0, null, false));
        Assert.Equal(1, plain.LateFactor(Due));
        Assert.Equal(0.75, plain.LateFactor(Due + Second));
        Assert.Equal(1, extended.LateFactor(Due + Second));
        Assert.Equal(1, extended.LateFactor(Due.AddDays(2)));
        Assert.Equal(0.75, extended.LateFactor(Due.AddDays(2) + Second));
    }

    [Fact]
    public void StudentOverride_WinsOverGroups_AndTheLatestGroupOverrideWinsFieldByField()
    {
        var changes = new[]
        {
            Change(false, 0, due: Due.AddDays(1), attempts: 5),
            Change(false, 10, due: Due.AddDays(3)),
            Change(true, -100, attempts: 9),
        };
        var s = EffectiveSchedule.Of(Set(attempts: 2), new StudentCalendar(changes, 0, null, false));
        Assert.Equal(Due.AddDays(3), s.DueAt);
        Assert.Equal(9, s.MaxAttempts);
        Assert.Equal(0.25, s.LatePenaltyPerDay);
    }

    [Fact]
    public void Attempts_TheLastOneIsAccepted_TheNextRefused_AndAnOverrideAddsMore()
    {
        var plain = EffectiveSchedule.Of(Set(attempts: 2), StudentCalendar.None);
        Assert.Null(plain.AnswerRefusal(Due, 1));
        Assert.IsType<Refusal.NoAttemptsLeft>(plain.AnswerRefusal(Due, 2));
        var more = EffectiveSchedule.Of(Set(attempts: 2), new StudentCalendar([Change(true, attempts: 3)], 0, null, false));
        Assert.Null(more.AnswerRefusal(Due, 2));
        Assert.Equal(1, more.AttemptsLeft(2));
    }

    [Fact]
    public void TimeLimit_RunsFromTheStoredStart_ASecondBeforeAndAfter_WithExtraTimeAndAnExtension()
    {
        var start = Due.AddHours(-5);
        var plain = EffectiveSchedule.Of(Set(minutes: 30), new StudentCalendar([], 0, start, false));
        Assert.Equal(start.AddMinutes(30), plain.TimeEndsAt);
        Assert.Null(plain.AnswerRefusal(start.AddMinutes(30) - Second, 0));
        Assert.Null(plain.AnswerRefusal(start.AddMinutes(30), 0));
        Assert.IsType<Refusal.TimeUp>(plain.AnswerRefusal(start.AddMinutes(30) + Second, 0));

        // +50 % (an accommodation group): 45 minutes.
        var extra = EffectiveSchedule.Of(Set(minutes: 30), new StudentCalendar([], 50, start, false));
        Assert.Equal(TimeSpan.FromMinutes(45), extra.TimeLimit);
        Assert.Null(extra.AnswerRefusal(start.AddMinutes(45) - Second, 0));
        Assert.IsType<Refusal.TimeUp>(extra.AnswerRefusal(start.AddMinutes(45) + Second, 0));
        Assert.True(extra.IsPersonal);

        // A TA's extension to 40 minutes, and the accommodation on top: 60.
        var both = EffectiveSchedule.Of(Set(minutes: 30), new StudentCalendar([Change(true, limit: 40)], 50, start, false));
        Assert.Equal(start.AddMinutes(60), both.TimeEndsAt);
        Assert.Equal(TimeSpan.FromMinutes(1), both.TimeLeft(start.AddMinutes(59)));
        Assert.Equal(TimeSpan.Zero, both.TimeLeft(start.AddMinutes(61)));
    }

    [Fact]
    public void TimeLimit_NeverRunsPastTheHardClose_AndAStartAfterItIsRefused()
    {
        var close = Due.AddDays(1);
        var late = EffectiveSchedule.Of(Set(minutes: 30, close: close), new StudentCalendar([], 0, close.AddMinutes(-10), false));
        Assert.Equal(close, late.TimeEndsAt);
        Assert.Null(late.StartRefusal(close));
        Assert.NotNull(late.StartRefusal(close + Second));
    }

    [Fact]
    public void TimedSet_ShowsItsProblemsOnlyOnceStarted_AndOpensByTheStudentsOwnOpening()
    {
        var set = Set(minutes: 30);
        Assert.False(EffectiveSchedule.Of(set, StudentCalendar.None).ShowsProblems(Due));
        Assert.True(EffectiveSchedule.Of(set, new StudentCalendar([], 0, Due, false)).ShowsProblems(Due));
        var opensLater = new ScheduleChange(true, Due, Due.AddDays(1), null, null, null, null, null);
        var s = EffectiveSchedule.Of(Set(), new StudentCalendar([opensLater], 0, null, false));
        Assert.False(s.IsOpen(Due.AddDays(1) - Second));
        Assert.True(s.IsOpen(Due.AddDays(1)));
    }

    [Fact]
    public void Exam_ShowsResultsOnlyWhenReleased_ToEveryoneOrToTheStudent()
    {
        Assert.False(EffectiveSchedule.Of(Set(exam: true), StudentCalendar.None).ShowsResults);
        Assert.True(EffectiveSchedule.Of(Set(exam: true), new StudentCalendar([], 0, null, true)).ShowsResults);
        Assert.True(EffectiveSchedule.Of(Set(exam: true) with { ResultsReleasedAt = Due }, StudentCalendar.None).ShowsResults);
        Assert.True(EffectiveSchedule.Of(Set(), StudentCalendar.None).ShowsResults);
    }
}
