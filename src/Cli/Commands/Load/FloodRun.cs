using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace GraderHub.Cli.Commands.Load;

// Issue 11's flood: one student posts many slow but legal answers within seconds; meanwhile
// another student answers normally every half second. Reported: how long the other one waited.
public static class FloodRun
{
    // Thirty-nine binomials with exponents near fifty: legal, and costly to expand and probe.
    public static readonly string DefaultSlowAnswer = string.Join("+",
        Enumerable.Range(1, 39).Select(i => string.Create(CultureInfo.InvariantCulture, $"(x+{i})^{50 + i % 7}")));

    // `--flood-answer pathological`: legal and far slower, sixty sums ((x+k)(x-k))^64 - (x^2-k^2)^64
    // (each zero) whose cancellation sends the checker to expand them; seconds of work on an idle
    // core, so every one of them meets the grading time limit.
    public static readonly string PathologicalAnswer = Pathological();

    private static string Pathological()
    {
        var text = "2x cos(x^2)";
        for (var k = 1; ; k++)
        {
            var term = string.Create(CultureInfo.InvariantCulture, $"+((x+{k})(x-{k}))^64-(x^2-{k * k})^64");
            if (text.Length + term.Length > 1990) return text;
            text += term;
        }
    }

    public static async Task<int> RunAsync(LoadClient client, IReadOnlyList<string> tokens, int problemId, Arguments options, TextWriter o,
        Func<TimeSpan>? siteCpu = null)
    {
        var count = options.Get("flood-count") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 200;
        var within = options.Get("flood-seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 3.0;
        count = Math.Clamp(count, 1, 2000);
        within = Math.Clamp(within, 0.1, 30);
        var slow = options.Get("flood-answer") switch
        {
            null => DefaultSlowAnswer,
            "pathological" => PathologicalAnswer,
            var given => given,
        };
        var (flooder, other) = (tokens[0], tokens[1]);

        // One answer each first, so the figure is about queueing, not the site's first-request JIT.
        foreach (var token in new[] { flooder, other })
            if ((await client.SubmitAsync(token, problemId, "2x", Guid.NewGuid().ToString("N"))).Id is { } warm)
                await WaitAsync(client, token, warm, TimeSpan.FromSeconds(60));

        var cpuBefore = siteCpu?.Invoke();
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var floodGraded = new ConcurrentBag<(double Ms, string Status)>();
        var clock = Stopwatch.StartNew();
        var flood = Enumerable.Range(0, count).Select(async i =>
        {
            var at = TimeSpan.FromSeconds(within * i / count);
            if (at > clock.Elapsed) await Task.Delay(at - clock.Elapsed);
            var reply = await client.SubmitAsync(flooder, problemId, slow, Guid.NewGuid().ToString("N"));
            statuses.AddOrUpdate(reply.Status is { } st ? ((int)st).ToString(CultureInfo.InvariantCulture) : "network", 1, (_, n) => n + 1);
            if (reply.Id is { } id && await WaitAsync(client, flooder, id, TimeSpan.FromSeconds(120)) is { } seen)
                floodGraded.Add((clock.Elapsed.TotalMilliseconds, seen.Status));
        }).ToList();

        var waits = new List<double>();
        var answers = new List<string>();
        var otherErrors = 0;
        for (var t = 0.25; t < within + 2; t += 0.5)
        {
            var at = TimeSpan.FromSeconds(t);
            if (at > clock.Elapsed) await Task.Delay(at - clock.Elapsed);
            var sent = DateTimeOffset.UtcNow;
            var started = Stopwatch.StartNew();
            var reply = await client.SubmitAsync(other, problemId, "2x cos(x^2)", Guid.NewGuid().ToString("N"));
            var posted = started.Elapsed.TotalMilliseconds;
            if (reply.Id is not { } id || await WaitAsync(client, other, id, TimeSpan.FromSeconds(60)) is not { } seen) { otherErrors++; continue; }
            waits.Add(started.Elapsed.TotalMilliseconds);
            // Where the wait went (one machine, one clock): until the site's handler stored the
            // answer, until the grade was stored, the POST's reply, and the whole wait.
            var received = (seen.SubmittedAt - sent)?.TotalMilliseconds ?? double.NaN;
            var graded = (seen.GradedAt - sent)?.TotalMilliseconds ?? double.NaN;
            answers.Add(string.Create(CultureInfo.InvariantCulture,
                $"at {t:F2} s: seen graded after {waits[^1]:F0} ms; stored by the handler at {received:F0} ms, graded at {graded:F0} ms, POST answered at {posted:F0} ms"));
        }
        await Task.WhenAll(flood);

        var cpuUsed = siteCpu?.Invoke() - cpuBefore;
        var w = Percentiles.Of(waits);
        o.WriteLine($"load average {LoadCommand.LoadAverage()} (after)");
        o.WriteLine($"flood        {count} answers of {slow.Length} characters in {within} s from one student: {string.Join(", ", statuses.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value}"))}");
        var done = floodGraded.Select(f => f.Ms).DefaultIfEmpty(double.NaN).Max();
        o.WriteLine($"             {floodGraded.Count} of them graded, the last {done / 1000:F1} s after the flood began ({string.Join(", ", floodGraded.GroupBy(f => f.Status).Select(g => $"{g.Key}: {g.Count()}"))})");
        o.WriteLine($"other student {waits.Count} answers during and after the flood, submit->graded p50 {w.P50:F0} ms, p99 {w.P99:F0} ms, max {w.Max:F0} ms{(otherErrors > 0 ? $", {otherErrors} not graded" : "")}");
        if (cpuUsed is { } used)
            o.WriteLine($"site cpu     {used.TotalSeconds:F1} s from the flood's start until its last answer was graded");
        foreach (var line in answers) o.WriteLine("              " + line);
        return otherErrors == 0 ? 0 : 1;
    }

    // The submission as the student's page would see it once graded, or null when not graded in time.
    private static async Task<GradeSeen?> WaitAsync(LoadClient client, string token, long id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var asked = Stopwatch.StartNew();
            var seen = await client.PollAsync(token, id, waitSeconds: 5);
            if (seen is { Status: "graded" or "failed" }) return seen;
            if (asked.Elapsed < TimeSpan.FromMilliseconds(100)) await Task.Delay(20);
        }
        return null;
    }
}
