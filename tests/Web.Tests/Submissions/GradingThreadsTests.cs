using GraderHub.Web.Features.Submissions;

namespace GraderHub.Web.Tests.Submissions;

public sealed class GradingThreadsTests
{
    private static Task<T> OnGradingThread<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, GradingThreads.Options, GradingThreads.Scheduler);

    [Fact]
    public async Task Gradings_OneAfterAnother_ReuseTheirThreads()
    {
        var threads = new HashSet<int>();
        for (var i = 0; i < 200; i++)
            threads.Add(await OnGradingThread(() => Environment.CurrentManagedThreadId));
        // A thread per grading (the old LongRunning) would give 200; the pool keeps a few.
        Assert.InRange(threads.Count, 1, 8);
    }

    [Fact]
    public async Task Grading_WhileAnotherIsStuck_StillRunsAtOnce()
    {
        using var release = new ManualResetEventSlim();
        var stuck = OnGradingThread(() => release.Wait(TimeSpan.FromSeconds(30)));
        var other = OnGradingThread(() => 42);
        Assert.Equal(42, await other.WaitAsync(TimeSpan.FromSeconds(10)));
        release.Set();
        Assert.True(await stuck);
    }

    [Fact]
    public async Task Grading_RunsOffThePool_AndHidesItsScheduler()
    {
        var (isPool, name, scheduler) = await OnGradingThread(() =>
            (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name, TaskScheduler.Current));
        Assert.False(isPool);
        Assert.Equal("grading", name);
        // What the grading (or a continuation run inline) awaits next goes to the thread pool.
        Assert.Same(TaskScheduler.Default, scheduler);
    }
}
