namespace GraderHub.Web.BrowserTests;

// Waits for what the site does on its own, out of the browser's sight (a grade through the
// queue, a score sent to the LMS), looking every 200 ms, and fails saying what did not happen.
// A minute: such work takes well under a second on a quiet machine and seconds on CI's loaded
// 2 cores; a deadline that ran out quietly, as one did, only moved the failure somewhere else.
public static class Until
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static Task TrueAsync(Func<bool> done, Func<string> notDone) => TrueAsync(() => Task.FromResult(done()), notDone);

    public static async Task TrueAsync(Func<Task<bool>> done, Func<string> notDone)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{notDone()}: not within {Deadline.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
