using System.Globalization;
using System.Net;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Cli.Commands.Load;

// `graderhub load`: a bounded, loopback-only load on the submission path, optionally with kill -9
// of the site mid-run (then it checks that every 202 was graded exactly once), or the flood of
// one student's slow answers (then it reports how long another student waited).
public static class LoadCommand
{
    public const int MaxRate = 5000;
    public const int MaxSeconds = 120;
    public const int MaxStudents = 5000;
    private const int DemoStudents = 5;
    private const int PostWaitSeconds = 5;
    private const double DefaultPerStudentPerSecond = 1.0;

    public static readonly string[] DefaultAnswers = ["2x cos(x^2)", "2x", "cos(x^2)", "x^2 + 1", "2*x*cos(x^2) + 1"];

    public static int Run(Arguments options, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return RunAsync(options, stdout, stderr).GetAwaiter().GetResult();
        }
        catch (UsageException ex)
        {
            stderr.WriteLine(ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            stderr.WriteLine("load: " + ex.Message);
            return 1;
        }
    }

    private static async Task<int> RunAsync(Arguments options, TextWriter stdout, TextWriter stderr)
    {
        var rate = Int(options, "rate", 100, 1, MaxRate);
        var seconds = Int(options, "seconds", 10, 1, MaxSeconds);
        // By default, on a site this command starts, one student per answer a second: each stays
        // within the site's default limit of 60 answers a minute
        // (GraderHub:Submissions:PerStudentPerMinute), where 20 students at the default 100/s met
        // 429s. A site at --url has the accounts it has: the demo seeds student1..student5.
        var students = Int(options, "students", options.Get("url") is null ? Math.Min(rate, MaxStudents) : DemoStudents, 1, MaxStudents);
        var kills = Int(options, "kills", 0, 0, 10);
        var pollMs = Int(options, "poll-ms", 20, 1, 5000);
        // One request per answer, the POST waiting for its grade (POST ?wait), unless --poll asks
        // for the older road of a POST answered at once and then GET ?wait (two requests).
        var postWaitSeconds = options.Flags.Contains("poll") ? 0 : PostWaitSeconds;
        var warmupSeconds = Int(options, "warmup", 0, 0, MaxSeconds);
        var problemKey = options.Get("problem") ?? "chain-rule";
        var answers = options.Get("answers")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } a ? a : DefaultAnswers;
        var flood = options.Flags.Contains("flood");

        if (kills > 0 && warmupSeconds > 0)
            throw new UsageException("--warmup and --kills do not go together: each kill -9 starts a cold site, which is what a kill run measures.");

        LoadCluster? cluster = null;
        IReadOnlyList<Uri> urls;
        Func<int, string> email;
        string password;
        if (options.Get("url") is { } given)
        {
            if (kills > 0) throw new UsageException("--kills needs a site this command starts: leave out --url.");
            if (options.Get("postgres") is not null) throw new UsageException("--postgres starts its own nodes: leave out --url.");
            if (!Uri.TryCreate(given, UriKind.Absolute, out var parsed) || !IsLoopback(parsed))
                throw new UsageException($"--url must be a loopback address (127.0.0.1, ::1 or localhost), not '{given}'.");
            urls = [parsed];
            var pattern = options.Get("email-pattern") ?? "student{i}@demo.local";
            email = i => pattern.Replace("{i}", (i + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            password = options.Get("password") ?? "GraderHub-demo-1";
        }
        else
        {
            var webNodes = Int(options, "web-nodes", 2, 1, 4);
            var workers = Int(options, "workers", 1, 1, 4);
            var server = options.Get("postgres");
            if (server is not null && !IsLoopbackServer(server))
                throw new UsageException("--postgres must name a server on this machine (Host=127.0.0.1, ::1 or localhost).");
            var dll = options.Get("site") ?? SiteProcess.FindBuiltSite()
                ?? throw new UsageException("No built site found: build src/Web (dotnet build src/Web -c Release) or give --site PATH/GraderHub.Web.dll.");
            var settings = options.List("setting").Select(s => s.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Replace(":", "__", StringComparison.Ordinal), p => p[1], StringComparer.Ordinal);
            cluster = server is null
                ? await LoadCluster.StartSqliteAsync(dll, settings, StartTimeout)
                : await LoadCluster.StartPostgreSqlAsync(dll, server, webNodes, workers, settings, StartTimeout);
            stdout.WriteLine($"site         {dll}: {cluster.Describe}");
            urls = cluster.WebUrls;
            await BenchAccounts.CreateStudentsAsync(cluster.Database, Math.Max(students, 2));
            email = BenchAccounts.Email;
            password = BenchAccounts.Password;
        }

        try
        {
            using var client = new LoadClient(urls);
            stdout.WriteLine($"load average {LoadAverage()} (before signing in)");
            var tokens = await SignInAsync(client, Enumerable.Range(0, flood ? 2 : students).Select(email), password);
            var problemId = await FindProblemAsync(client, tokens[0], problemKey);
            stdout.WriteLine($"target       {string.Join(", ", urls)} problem '{problemKey}' (id {problemId}), {tokens.Count} students signed in");
            if (!flood && (double)rate / tokens.Count > DefaultPerStudentPerSecond)
                stdout.WriteLine($"note         {(double)rate / tokens.Count:0.#} answers a second per student, over the site's default limit of 60 a minute: expect 429s unless the site allows more");
            // Shown as it happens (stdout is buffered): the load starts now, and a profiler can attach.
            stdout.Flush();

            if (flood)
                return await FloodRun.RunAsync(client, tokens, problemId, options, stdout, cluster is null ? null : () => cluster.CpuTime);

            var plan = new LoadPlan(rate, seconds, problemId, answers, tokens, RetryUntilAccepted: kills > 0, pollMs,
                DrainTimeout: TimeSpan.FromSeconds(warmupSeconds + seconds + (kills > 0 ? 180 : 60)), postWaitSeconds, warmupSeconds);
            // The CPU used from the start of the measured part (after any warm-up).
            var siteCpu = TimeSpan.Zero;
            var ownCpu = TimeSpan.Zero;
            var run = new LoadRun(client, plan, onMeasuring: () =>
            {
                siteCpu = cluster?.CpuTime ?? TimeSpan.Zero;
                ownCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            });
            var killer = kills > 0 && cluster is not null ? KillRepeatedlyAsync(cluster, client, kills, seconds, stdout) : Task.CompletedTask;
            var report = await run.RunAsync();
            await killer;
            stdout.WriteLine($"load average {LoadAverage()} (after)");
            report.Print(stdout);
            var generatorCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
            if (cluster is not null && kills == 0 && report.GradedCount > 0)
            {
                // CPU per graded submission: what the rate would be on two idle cores.
                var used = cluster.CpuTime - siteCpu;
                var perSubmission = (used + generatorCpu).TotalMilliseconds / report.GradedCount;
                stdout.WriteLine($"cpu          site {used.TotalSeconds:F1} s + generator {generatorCpu.TotalSeconds:F1} s = {perSubmission:F2} ms per graded submission (2 idle cores: ~{2000 / perSubmission:F0}/s)");
            }
            if (cluster is null) return report.Errors.Count == 0 && report.NotGraded == 0 ? 0 : 1;

            var check = await ExactlyOnce.CheckAsync(cluster.Database, run.Accepted, await cluster.GradeWritesAsync());
            check.Print(stdout, kills);
            return check.Ok && report.NotGraded == 0 ? 0 : 1;
        }
        finally
        {
            if (cluster is not null) await cluster.DisposeAsync();
        }
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private static async Task KillRepeatedlyAsync(LoadCluster cluster, LoadClient client, int kills, int seconds, TextWriter stdout)
    {
        var started = DateTime.UtcNow;
        for (var k = 1; k <= kills; k++)
        {
            var at = started + TimeSpan.FromSeconds(seconds * k / (double)(kills + 1));
            if (at > DateTime.UtcNow) await Task.Delay(at - DateTime.UtcNow);
            var killedAt = (DateTime.UtcNow - started).TotalSeconds;
            var what = await cluster.KillAndRestartAsync(k, client, StartTimeout);
            lock (stdout)
            {
                stdout.WriteLine($"kill -9      #{k} at {killedAt:F1} s: {what}");
                stdout.Flush();
            }
        }
    }

    private static async Task<IReadOnlyList<string>> SignInAsync(LoadClient client, IEnumerable<string> emails, string password)
    {
        var tokens = new List<string>();
        foreach (var chunk in emails.Chunk(8))
            tokens.AddRange(await Task.WhenAll(chunk.Select(e => client.LoginAsync(e, password))));
        return tokens;
    }

    private static async Task<int> FindProblemAsync(LoadClient client, string token, string key)
    {
        var sets = await client.GetJsonAsync(token, "/api/problemsets");
        foreach (var set in sets.EnumerateArray())
        {
            var detail = await client.GetJsonAsync(token, $"/api/problemsets/{set.GetProperty("id").GetInt32()}");
            foreach (var p in detail.GetProperty("problems").EnumerateArray())
                if (p.GetProperty("key").GetString() == key) return p.GetProperty("id").GetInt32();
        }
        throw new InvalidOperationException($"no visible problem with key '{key}' (--problem KEY)");
    }

    public static bool IsLoopback(Uri url) =>
        url.Scheme is "http" or "https"
        && (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    public static bool IsLoopbackServer(string connectionString)
    {
        try
        {
            var hosts = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host?.Split(',', StringSplitOptions.TrimEntries);
            return hosts is { Length: > 0 } && hosts.All(h => string.Equals(h, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(h.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static int Int(Arguments options, string name, int fallback, int min, int max)
    {
        if (options.Get(name) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'.");
        return v;
    }

    private sealed class UsageException(string message) : Exception(message);
}

// After a run with kill -9: every 202 is a stored submission graded once (the grade the client
// saw is the grade stored at the end, so nothing graded it again; on PostgreSQL a trigger also
// counts every grade write), and nothing was stored that the client was never told about (a
// retried POST that became a second attempt).
public sealed record ExactlyOnce(int Accepted, int GradedOnce, int Regraded, int Unseen, int Ungraded, int Lost, int Unacknowledged,
    int? WrittenOnce, int? WrittenTwice)
{
    public bool Ok => Lost == 0 && Regraded == 0 && Ungraded == 0 && Unacknowledged == 0 && GradedOnce + Unseen == Accepted
        && WrittenTwice is null or 0 && (WrittenOnce is null || WrittenOnce == Accepted);

    public static async Task<ExactlyOnce> CheckAsync(BenchDatabase database, IReadOnlyDictionary<long, DateTimeOffset?> accepted,
        IReadOnlyDictionary<long, int>? gradeWrites)
    {
        await using var db = database.Open();
        var rows = await db.Submissions.AsNoTracking()
            .Where(s => s.User.Email!.EndsWith("@bench.local"))
            .Select(s => new { s.Id, s.Status, s.GradedAt })
            .ToListAsync();
        var byId = rows.ToDictionary(r => r.Id);
        int once = 0, regraded = 0, unseen = 0, ungraded = 0, lost = 0;
        foreach (var (id, seen) in accepted)
        {
            if (!byId.TryGetValue(id, out var row)) { lost++; continue; }
            if (row.Status is not (SubmissionStatus.Graded or SubmissionStatus.Failed)) { ungraded++; continue; }
            if (seen is null) unseen++;
            else if (row.GradedAt != seen) regraded++;
            else once++;
        }
        int? writtenOnce = gradeWrites is null ? null : accepted.Keys.Count(id => gradeWrites.GetValueOrDefault(id) == 1);
        int? writtenTwice = gradeWrites is null ? null : accepted.Keys.Count(id => gradeWrites.GetValueOrDefault(id) > 1);
        return new ExactlyOnce(accepted.Count, once, regraded, unseen, ungraded, lost, rows.Count(r => !accepted.ContainsKey(r.Id)),
            writtenOnce, writtenTwice);
    }

    public void Print(TextWriter o, int kills)
    {
        var writes = WrittenOnce is null ? "" : $"; grade writes (trigger): {WrittenOnce} written once, {WrittenTwice} more than once";
        o.WriteLine($"exactly once {Accepted} accepted after {kills} kill -9: {GradedOnce} graded exactly once, {Regraded} graded again, {Unseen} graded but the client stopped waiting, {Ungraded} still ungraded, {Lost} lost, {Unacknowledged} stored without their 202 (or 201) reaching the client{writes} => {(Ok ? "OK" : "FAILED")}");
    }
}
