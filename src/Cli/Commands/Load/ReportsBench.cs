using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Cli.Commands.Load;

// `graderhub bench-reports`: a course of S students x P problems x A attempts generated into a
// temporary database of the built site, then the staff report pages timed from outside as a TA
// opens them (signed in through the sign-in form). A measurement, not a pass/fail test.
public static partial class ReportsBench
{
    public const string TaEmail = "bench-ta@bench.local";

    public static int Run(Arguments options, TextWriter o, TextWriter stderr)
    {
        var students = Get(options, "students", 2000, 1, 5000);
        var problems = Get(options, "problems", 60, 1, 200);
        var attempts = Get(options, "attempts", 5, 1, 20);
        var runs = Get(options, "runs", 3, 1, 20);
        var dll = options.Get("site") ?? SiteProcess.FindBuiltSite();
        if (dll is null) { stderr.WriteLine("No built site found: build src/Web or give --site PATH."); return 2; }
        // --keep leaves the generated database for the next run's --data (generating takes a minute).
        var data = options.Get("data");
        if (data is not null && !File.Exists(Path.Combine(data, "graderhub.db"))) { stderr.WriteLine($"No graderhub.db in {data}."); return 2; }
        return RunAsync(dll, students, problems, attempts, runs, data, options.Flags.Contains("keep"), o).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string dll, int students, int problems, int attempts, int runs, string? data, bool keep, TextWriter o)
    {
        await using var site = SiteProcess.Create(dll, dataFolder: data, keep: keep || data is not null);
        await site.StartAsync(TimeSpan.FromSeconds(180));
        int courseId;
        List<int> setIds;
        if (data is null)
        {
            var generate = Stopwatch.StartNew();
            (courseId, setIds) = await GenerateAsync(site.Database, students, problems, attempts);
            o.WriteLine($"generated    {students} students x {problems} problems x {attempts} attempts = {(long)students * problems * attempts} submissions in {generate.Elapsed.TotalSeconds:F0} s ({site.Database})");
            // Written around the site: restarted, it rebuilds its derived gradebook rows (ProblemScores)
            // as it does for any database that has grades but no rows.
            var rebuild = Stopwatch.StartNew();
            await site.StopAsync();
            await site.StartAsync(TimeSpan.FromSeconds(600));
            o.WriteLine($"restarted    the site rebuilt its gradebook rows in {rebuild.Elapsed.TotalSeconds:F0} s (start-up included)");
        }
        else
        {
            (courseId, setIds) = await GeneratedCourseAsync(site.Database);
            o.WriteLine($"reused       {site.Database}");
        }

        // Production cookies are Secure and this is plain http on loopback: the bench stands
        // where a TLS terminator would, so it keeps and sends cookies itself.
        using var http = new HttpClient(new PlainHttpCookies(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }))
        { BaseAddress = site.Url, Timeout = TimeSpan.FromMinutes(5) };
        var form = await http.GetStringAsync("/account/login");
        var token = TokenField().Match(form).Groups[1].Value;
        var login = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = TaEmail, ["Password"] = BenchAccounts.Password, ["__RequestVerificationToken"] = token,
        }));
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"TA sign-in answered {(int)login.StatusCode}");

        var set = setIds[0];
        // The gradebook's column of the first generated set (the course's sets by week; "c3" is the fourth).
        int setColumn;
        await using (var db = site.Database.Open())
            setColumn = (await db.ProblemSets.Where(s => s.CourseId == courseId).OrderBy(s => s.Week).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync()).IndexOf(set);
        var pages = new (string Name, string Path)[]
        {
            ("course gradebook, page 1", $"/reports/courses/{courseId}"),
            ("course gradebook sorted by total, page 3", $"/reports/courses/{courseId}?sort=total&desc=true&page=3"),
            ("course gradebook sorted by a set, page 2", $"/reports/courses/{courseId}?sort=c{setColumn}&page=2"),
            ("course gradebook filtered (student-12)", $"/reports/courses/{courseId}?q=student-12"),
            ("course gradebook CSV", $"/reports/courses/{courseId}/gradebook.csv"),
            ("set gradebook, page 1", $"/reports/sets/{set}"),
            ("set report CSV", $"/reports/sets/{set}/report.csv"),
            ("set problem statistics", $"/reports/sets/{set}/problems"),
        };
        o.WriteLine($"load average {LoadCommand.LoadAverage()}");
        foreach (var (name, path) in pages)
        {
            var times = new List<double>();
            var cpu = new List<double>();
            long bytes = 0;
            var status = 0;
            for (var r = 0; r < runs; r++)
            {
                var clock = Stopwatch.StartNew();
                var cpuBefore = site.CpuTime;
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
                // The site's CPU for the request (and whatever else it did meanwhile): on a
                // shared machine the wall time mostly says how long the site waited for a core.
                cpu.Add((site.CpuTime - cpuBefore).TotalMilliseconds);
                bytes = body.Length;
                status = (int)response.StatusCode;
            }
            var sorted = times.Order().ToList();
            var cpuSorted = cpu.Order().ToList();
            o.WriteLine($"{name,-42} {status} {bytes / 1024.0,6:F0} KB  median {sorted[(sorted.Count - 1) / 2],6:F0} ms  max {sorted[^1],6:F0} ms  site CPU median {cpuSorted[(cpuSorted.Count - 1) / 2],5:F0} ms  ({runs} runs)");
        }
        o.WriteLine($"load average {LoadCommand.LoadAverage()}");
        return 0;
    }

    // Users and problems through EF; the submissions with one INSERT ... SELECT over a cross
    // join, copying the stored formats (status, verdict, dates) from two rows EF wrote.
    private static async Task<(int CourseId, List<int> SetIds)> GenerateAsync(BenchDatabase database, int students, int problems, int attempts)
    {
        await BenchAccounts.CreateStudentsAsync(database, students);
        await using var db = database.Open();
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), BenchAccounts.Password);
        var ta = new AppUser
        {
            UserName = TaEmail, NormalizedUserName = TaEmail.ToUpperInvariant(), Email = TaEmail, NormalizedEmail = TaEmail.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = "Bench TA", PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(ta);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = ta.Id, RoleId = await db.Roles.Where(r => r.Name == Roles.TA).Select(r => r.Id).SingleAsync() });
        db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = ta.Id, Role = CourseRole.TA, CreatedAt = DateTimeOffset.UtcNow });

        var template = await db.Problems.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var sets = new List<ProblemSet>();
        for (var k = 0; k * 10 < problems; k++)
        {
            var set = new ProblemSet
            {
                CourseId = course.Id, Key = $"bench-{k + 1}", Title = $"Bench set {k + 1}", Week = 20 + k, IsPublished = true,
                DueAt = now.AddDays(-3), LatePenaltyPerDay = 0.1, CreatedAt = now, UpdatedAt = now,
            };
            for (var j = 0; j < 10 && k * 10 + j < problems; j++)
                set.Problems.Add(new Problem
                {
                    Key = $"p{j + 1}", Position = j + 1, Title = $"Bench problem {k * 10 + j + 1}", Kind = template.Kind, Points = 1 + j % 3,
                    SpecYaml = template.SpecYaml, Version = 1, UpdatedAt = now,
                    Versions = [new ProblemVersion { Version = 1, SpecYaml = template.SpecYaml, CreatedAt = now }],
                });
            sets.Add(set);
        }
        db.ProblemSets.AddRange(sets);
        await db.SaveChangesAsync();

        var someone = await db.Users.Where(u => u.Email!.EndsWith("@bench.local") && u.Id != ta.Id).Select(u => u.Id).FirstAsync();
        var firstProblem = sets[0].Problems[0].Id;
        Submission Sample(int attempt, GraderHub.Grading.Answers.GradeVerdict verdict, double score)
        {
            var sample = new Submission
            {
                ProblemId = firstProblem, UserId = someone, AnswerText = "2x cos(x^2)", VariantSeed = 1, ProblemVersion = 1, AttemptNumber = attempt,
                SubmittedAt = now.AddDays(-4),
            };
            // The one writer of a grade, as the grading job uses it.
            sample.RecordGrade(new GraderHub.Grading.Answers.GradeResult(verdict, score, "bench", null), "bench", 1, now.AddDays(-4));
            return sample;
        }
        var right = Sample(1000, GraderHub.Grading.Answers.GradeVerdict.Correct, 1);
        var wrong = Sample(1001, GraderHub.Grading.Answers.GradeVerdict.Incorrect, 0);
        db.Submissions.AddRange(right, wrong);
        await db.SaveChangesAsync();

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('Submissions') WHERE name <> 'Id';";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }
        // Per row: problem, student, attempt; a third of the attempts right; attempt n half a day
        // after attempt n-1, so the 4th and 5th are late (the set was due 3 days ago); a tenth of the
        // students reveal a problem's hint between their 2nd and 3rd attempt; 1 % of the answers
        // overridden. Dates in the stored format (DateTimeOffset as a 64-bit number, UTC).
        var stored = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProviderTyped;
        long At(double daysAgo) => (long)stored(now.AddDays(-daysAgo))!;
        var halfDay = At(3.5) - At(4);
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ProblemId"] = "p.Id", ["UserId"] = "u.Id", ["AttemptNumber"] = "n.i",
            ["Verdict"] = "CASE WHEN (u.rn + p.Id + n.i) % 3 = 0 THEN r.Verdict ELSE w.Verdict END",
            ["Score"] = "CASE WHEN (u.rn + p.Id + n.i) % 3 = 0 THEN r.Score ELSE w.Score END",
            ["IdempotencyKey"] = "NULL",
            ["SubmittedAt"] = $"r.SubmittedAt + (n.i - 1) * {halfDay}",
        };
        var select = string.Join(", ", columns.Select(c => overrides.TryGetValue(c, out var v) ? v : "r." + c));
        await using (var tx = connection.BeginTransaction())
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandTimeout = 0;
            insert.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {attempts}),
                u AS (SELECT Id, ROW_NUMBER() OVER (ORDER BY Id) AS rn FROM AspNetUsers WHERE Email LIKE 'load-student-%@bench.local'),
                p AS (SELECT pr.Id FROM Problems pr JOIN ProblemSets s ON s.Id = pr.ProblemSetId WHERE s.Key LIKE 'bench-%')
                INSERT INTO Submissions ({string.Join(", ", columns)})
                SELECT {select} FROM u CROSS JOIN p CROSS JOIN n
                JOIN Submissions r ON r.Id = {right.Id} JOIN Submissions w ON w.Id = {wrong.Id};
                DELETE FROM Submissions WHERE Id IN ({right.Id}, {wrong.Id});
                INSERT INTO HintReveals (ProblemId, UserId, Penalty, RevealedAt)
                SELECT DISTINCT ProblemId, UserId, 0.25, {At(3.2)} FROM Submissions WHERE AttemptNumber = 1 AND (ProblemId * 7 + Id / {attempts}) % 10 = 0;
                INSERT INTO GradeOverrides (SubmissionId, ByUserId, Reason, OldScore, NewScore, CreatedAt)
                SELECT Id, '{ta.Id}', 'bench override', Score, 0.5, {At(1)} FROM Submissions WHERE Id % 97 = 0;
                """);
            await insert.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return (course.Id, sets.Select(s => s.Id).ToList());
    }

    private static async Task<(int CourseId, List<int> SetIds)> GeneratedCourseAsync(BenchDatabase database)
    {
        await using var db = database.Open();
        var sets = await db.ProblemSets.Where(s => s.Key.StartsWith("bench-")).OrderBy(s => s.Week).Select(s => new { s.Id, s.CourseId }).ToListAsync();
        if (sets.Count == 0) throw new InvalidOperationException("no generated course in that database");
        return (sets[0].CourseId, sets.Select(s => s.Id).ToList());
    }

    // Cookies by name, Secure or not, sent back on every request (one site, one path).
    private sealed class PlainHttpCookies(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            lock (_cookies)
                if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                lock (_cookies)
                    foreach (var pair in set.Select(c => c.Split(';', 2)[0]))
                        if (pair.IndexOf('=', StringComparison.Ordinal) is var eq and > 0) _cookies[pair[..eq]] = pair[(eq + 1)..];
            return response;
        }
    }

    private static int Get(Arguments options, string name, int fallback, int min, int max) =>
        options.Get(name) is { } t && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? Math.Clamp(v, min, max) : fallback;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
