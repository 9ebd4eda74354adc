using GraderHub.Web.Features.Submissions;

namespace GraderHub.Web.Tests.Submissions;

// The long poll's watch of one submission: woken by the stored grade, by nothing else; a watch
// that ends unwoken leaves nothing behind for the next one; a timeout ends the wait quietly.
public sealed class GradeNotificationsTests
{
    [Fact]
    public async Task Watchers_AreWokenByTheirSubmissionsGrade_AndOneLeavingDoesNotUnwatchTheOther()
    {
        var notifications = new InProcessGradeNotifications();
        using var first = notifications.Watch(7);
        var second = notifications.Watch(7);
        using var other = notifications.Watch(8);
        second.Dispose();

        var waiting = first.StoredOrTimeoutAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var otherWaiting = other.StoredOrTimeoutAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        notifications.Stored(7);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(otherWaiting.IsCompleted);
    }

    [Fact]
    public async Task AWatchDisposedUnwoken_LeavesNothing_SoTheNextWatchWaitsForTheNextGrade()
    {
        var notifications = new InProcessGradeNotifications();
        notifications.Watch(3).Dispose();
        using var next = notifications.Watch(3);
        var waiting = next.StoredOrTimeoutAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        notifications.Stored(3);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ATimeoutOrACancellation_EndsTheWait_WithoutThrowing()
    {
        var notifications = new InProcessGradeNotifications();
        using var watch = notifications.Watch(5);
        await watch.StoredOrTimeoutAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        var waiting = watch.StoredOrTimeoutAsync(TimeSpan.FromSeconds(30), cancelled.Token);
        await cancelled.CancelAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(waiting.IsCompletedSuccessfully);
    }
}
