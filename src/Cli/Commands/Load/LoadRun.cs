using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace GraderHub.Cli.Commands.Load;

public sealed record LoadPlan(int Rate, int Seconds, int ProblemId, IReadOnlyList<string> Answers,
    IReadOnlyList<string> Tokens, bool RetryUntilAccepted, int PollMs, TimeSpan DrainTimeout, int PostWaitSeconds,
    int WarmupSeconds = 0);

// An open-loop load: submissions start at the offered rate whatever the site's answers do (a
// closed loop would slow down with the site and hide its lag), each then waits for its grade:
// in the POST itself (PostWaitSeconds > 0, POST ?wait), or by GET ?wait after a plain POST.
// WarmupSeconds: the same load first, for that long, outside the figures (a site just started
// is slow in its first seconds, the first use of its code and caches; the figures are of the
// site as it runs for hours on a deadline night), though its answers are checked for
// exactly-once like the rest.
// onMeasuring: called when the measured part begins.
public sealed class LoadRun(LoadClient client, LoadPlan plan, Action? onMeasuring = null)
{
    // Beyond this many unanswered POSTs the generator stops offering more (bounded memory).
    public const int MaxOutstanding = 4000;

    // The stored submit->graded times are also given per this many seconds of the run.
    public const int WindowSeconds = 5;

    private readonly ConcurrentBag<double> _postMs = [];
    private readonly ConcurrentBag<double> _gradedMs = [];
    private readonly ConcurrentBag<double> _storedMs = [];
    // The same by when the submission was offered, to tell a warm-up's tail from a steady one.
    private readonly ConcurrentBag<(int Window, double Ms)> _storedByWindow = [];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    // The first answer of each kind of error, so a report says what the errors were.
    private readonly ConcurrentDictionary<string, string> _firstError = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private int _outstanding;
    private int _retriedPosts;
    private int _notGraded;
    private long _lastGradedTicks;
    private int _gradedCount;

    // Every 202 (or 201) the client received, with the GradedAt it first saw (for the exactly-once check).
    public ConcurrentDictionary<long, DateTimeOffset?> Accepted { get; } = new();

    public async Task<LoadReport> RunAsync()
    {
        var warmup = plan.Rate * plan.WarmupSeconds;
        var total = warmup + plan.Rate * plan.Seconds;
        var tasks = new List<Task>(total);
        var skipped = 0;
        var measuring = warmup == 0;
        var measuredFrom = TimeSpan.Zero;
        _clock.Start();
        if (measuring) onMeasuring?.Invoke();
        for (var i = 0; i < total;)
        {
            var due = (int)Math.Min(total, _clock.Elapsed.TotalSeconds * plan.Rate);
            for (; i < due; i++)
            {
                if (!measuring && i >= warmup)
                {
                    measuring = true;
                    measuredFrom = _clock.Elapsed;
                    onMeasuring?.Invoke();
                }
                if (Volatile.Read(ref _outstanding) >= MaxOutstanding) { if (measuring) skipped++; continue; }
                Interlocked.Increment(ref _outstanding);
                tasks.Add(SubmitAndWaitAsync(i, measured: i >= warmup));
            }
            await Task.Delay(1);
        }
        var offeredSeconds = (_clock.Elapsed - measuredFrom).TotalSeconds;
        await Task.WhenAll(tasks);
        return new LoadReport(plan.Rate, plan.Seconds, total - warmup, skipped, offeredSeconds, Accepted.Count,
            Volatile.Read(ref _notGraded), _retriedPosts, new SortedDictionary<string, int>(_errors, StringComparer.Ordinal),
            new SortedDictionary<string, string>(_firstError, StringComparer.Ordinal),
            Percentiles.Of(_postMs), Percentiles.Of(_gradedMs), Percentiles.Of(_storedMs),
            _storedByWindow.GroupBy(w => w.Window).OrderBy(g => g.Key).Select(g => (g.Key * WindowSeconds, Percentiles.Of(g.Select(w => w.Ms)))).ToList(),
            _gradedCount, TimeSpan.FromTicks(Interlocked.Read(ref _lastGradedTicks) - measuredFrom.Ticks).TotalSeconds, plan.PostWaitSeconds,
            plan.WarmupSeconds, _warmupAccepted);
    }

    private int _warmupAccepted;

    private async Task SubmitAndWaitAsync(int i, bool measured)
    {
        await Task.Yield();
        var token = plan.Tokens[i % plan.Tokens.Count];
        var answer = plan.Answers[i % plan.Answers.Count];
        var key = Guid.NewGuid().ToString("N");
        var started = Stopwatch.StartNew();
        var window = (int)(_clock.Elapsed.TotalSeconds / WindowSeconds);
        var giveUp = DateTime.UtcNow + plan.DrainTimeout;
        SubmitReply reply;
        var retryDelay = TimeSpan.FromMilliseconds(100);
        // Round robin over the web nodes; a retry (or a poll that found its node down) goes to
        // the next one, as a load balancer takes a dead node out.
        var route = i;
        try
        {
            while (true)
            {
                var attempt = Stopwatch.StartNew();
                reply = await client.SubmitAsync(token, plan.ProblemId, answer, key, route, plan.PostWaitSeconds);
                if (reply.Id is not null)
                {
                    if (measured) _postMs.Add(attempt.Elapsed.TotalMilliseconds);
                    else Interlocked.Increment(ref _warmupAccepted);
                    break;
                }
                // After kill -9 a retry with the same key is what a careful client does.
                var retriable = reply.Status is null or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway;
                if (!plan.RetryUntilAccepted || !retriable || DateTime.UtcNow > giveUp)
                {
                    if (!measured) return;
                    var kind = reply.Status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "network";
                    _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
                    _firstError.TryAdd(kind, reply.Error ?? "");
                    return;
                }
                Interlocked.Increment(ref _retriedPosts);
                route++;
                await Task.Delay(reply.RetryAfter is { } after && after < TimeSpan.FromSeconds(5) ? after : retryDelay);
                retryDelay = TimeSpan.FromMilliseconds(Math.Min(retryDelay.TotalMilliseconds * 2, 2000));
            }
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }

        var id = reply.Id!.Value;
        Accepted[id] = null;
        if (reply.Seen is { Status: "graded" or "failed" } answered)
        {
            Graded(answered, started, window, measured);
            return;
        }
        var interval = plan.PollMs;
        while (DateTime.UtcNow < giveUp)
        {
            var asked = Stopwatch.StartNew();
            var seen = await client.PollAsync(token, id, waitSeconds: 5, route);
            if (seen is null) { route++; await Task.Delay(50); continue; }
            if (seen.Status is "graded" or "failed")
            {
                Graded(seen, started, window, measured);
                return;
            }
            // A site that answers at once instead of waiting: poll backing off as the page does
            // (a fixed short interval would make the generator the site's main load).
            if (asked.Elapsed < TimeSpan.FromMilliseconds(100))
            {
                await Task.Delay(interval);
                interval = Math.Min(interval * 3 / 2 + 1, 1000);
            }
        }
        if (measured) Interlocked.Increment(ref _notGraded);
    }

    // Warm-up answers count only for exactly-once and in their windows (shown as warm-up).
    private void Graded(GradeSeen seen, Stopwatch started, int window, bool measured)
    {
        Accepted[seen.Id] = seen.GradedAt;
        if (seen.GradedAt is { } g && seen.SubmittedAt is { } s)
        {
            _storedByWindow.Add((window, (g - s).TotalMilliseconds));
            if (measured) _storedMs.Add((g - s).TotalMilliseconds);
        }
        if (!measured) return;
        _gradedMs.Add(started.Elapsed.TotalMilliseconds);
        Interlocked.Increment(ref _gradedCount);
        var now = _clock.Elapsed.Ticks;
        long last;
        while ((last = Interlocked.Read(ref _lastGradedTicks)) < now
               && Interlocked.CompareExchange(ref _lastGradedTicks, now, last) != last) { }
    }
}

public sealed record LoadReport(int Rate, int Seconds, int Offered, int Skipped, double OfferedSeconds, int Accepted,
    int NotGraded, int RetriedPosts, SortedDictionary<string, int> Errors, SortedDictionary<string, string> FirstErrors, Percentiles Post, Percentiles Graded,
    Percentiles Stored, IReadOnlyList<(int FromSecond, Percentiles Stored)> StoredByWindow, int GradedCount, double LastGradedSeconds,
    int PostWaitSeconds, int WarmupSeconds, int WarmupAccepted)
{
    public void Print(TextWriter o)
    {
        var errors = Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}"));
        if (WarmupSeconds > 0)
            o.WriteLine($"warm-up      {WarmupSeconds} s at {Rate}/s first, outside the figures below but in the exactly-once check: {WarmupAccepted} accepted");
        o.WriteLine($"offered      {Offered} submissions at {Rate}/s for {Seconds} s ({Offered / OfferedSeconds:F0}/s achieved by the generator{(Skipped > 0 ? $", {Skipped} not sent: over {LoadRun.MaxOutstanding} unanswered" : "")})");
        o.WriteLine($"accepted     {Accepted - WarmupAccepted} ({(PostWaitSeconds > 0 ? "201 graded in the POST's wait or 202" : "202")}), errors: {errors}{(RetriedPosts > 0 ? $", {RetriedPosts} POSTs retried with their Idempotency-Key" : "")}");
        o.WriteLine($"graded       {GradedCount} in {LastGradedSeconds:F1} s = {GradedCount / Math.Max(LastGradedSeconds, 1e-9):F0}/s; not graded in time: {NotGraded}; last grade {Math.Max(0, LastGradedSeconds - OfferedSeconds):F1} s after the last submit");
        foreach (var (kind, first) in FirstErrors)
            o.WriteLine($"  first {kind,-8} {first.ReplaceLineEndings(" ")}");
        // With ?wait the POST's time includes the grading: it is the submit->graded time for most.
        o.WriteLine($"POST{(PostWaitSeconds > 0 ? $" ?wait={PostWaitSeconds}" : ""),-9} p50 {Post.P50:F1} ms, p99 {Post.P99:F1} ms, max {Post.Max:F0} ms");
        o.WriteLine($"submit->graded (client, {(PostWaitSeconds > 0 ? "POST ?wait, then GET ?wait if not yet graded" : "POST, then GET ?wait")})  p50 {Graded.P50:F1} ms, p99 {Graded.P99:F1} ms, max {Graded.Max:F0} ms");
        o.WriteLine($"submit->graded (stored timestamps)  p50 {Stored.P50:F1} ms, p99 {Stored.P99:F1} ms");
        if (StoredByWindow.Count > 1)
            o.WriteLine("  by when submitted (stored p50 / p99 ms): " + string.Join(", ", StoredByWindow.Select(w =>
                $"{w.FromSecond}-{w.FromSecond + LoadRun.WindowSeconds} s{(w.FromSecond < WarmupSeconds ? " (warm-up)" : "")} {w.Stored.P50:F0} / {w.Stored.P99:F0}")));
    }
}

public sealed record Percentiles(double P50, double P99, double Max, int Count)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Percentiles(double.NaN, double.NaN, double.NaN, 0);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(At(0.50), At(0.99), sorted[^1], sorted.Length);
    }
}
