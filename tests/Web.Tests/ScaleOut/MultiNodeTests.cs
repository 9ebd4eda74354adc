using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Tests.Shared;
using GraderHub.Web.Infrastructure;
using GraderHub.Web.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace GraderHub.Web.Tests.ScaleOut;

// Site processes on one PostgreSQL database, as docs/scale-out.md deploys them: a node that
// serves and grades, a web-only node and a worker. In the web collection so that it never runs
// beside the other tests on this small machine.
[Collection(WebCollection.Name)]
public sealed class MultiNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    // A bound for a hung start, not a speed test: three nodes starting at once on a machine at load ~60 took over 3 minutes.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);
    private const string Students = "student{0}@demo.local";

    [PostgresFact]
    public async Task Nodes_SignInHoldsOnEach_AndOneKilledMidLoad_EveryAcceptedAnswerIsGradedExactlyOnce()
    {
        var database = TestPostgres.NewDatabase("nodes");
        SiteProcess? a = null, b = null, worker = null;
        try
        {
            // All start at once on an empty database: one migrates, seeds and makes the key, the
            // others wait for it (DatabaseSetup.StartupLockAsync).
            a = SiteProcess.Start("a", Settings(database, NodeRole.Both));
            b = SiteProcess.Start("b", Settings(database, NodeRole.Web));
            worker = SiteProcess.Start("worker", Settings(database, NodeRole.Worker));
            await Task.WhenAll(a.WaitHealthyAsync(StartTimeout), b.WaitHealthyAsync(StartTimeout), worker.WaitHealthyAsync(StartTimeout));
            await CountGradeWritesAsync(database);

            // Roles: two job servers (a and the worker; the web node runs none), and the worker
            // serves no pages.
            await WaitForAsync(async () => await ScalarAsync(database, "SELECT count(*) FROM hangfire.server") == 2,
                TimeSpan.FromSeconds(60), "two job servers");
            using (var workerHttp = new HttpClient { BaseAddress = worker.BaseAddress })
                Assert.Equal(HttpStatusCode.NotFound, (await workerHttp.GetAsync("/account/login")).StatusCode);
            var firstId = await MaxSubmissionIdAsync(database);

            var nodes = new NodeSet(a, b);
            var students = new List<Student>();
            for (var i = 1; i <= 5; i++)
                students.Add(await Student.SignInAsync(nodes.Http(i % 2), string.Format(System.Globalization.CultureInfo.InvariantCulture, Students, i)));
            var problems = await DerivativeProblemsAsync(nodes.Http(0), students[0]);
            var load = new Load(nodes, students, problems);

            // A person signs in on a through its form; b knows them (cookie) and accepts the
            // antiforgery token a's page gave them, because both read one key ring.
            var cookies = new CookieContainer();
            using var browserOnA = Browser(a, cookies);
            using var browserOnB = Browser(b, cookies);
            var signIn = await WebHostFixture.PostFormAsync(browserOnA, "/account/login", "/account/login",
                new() { ["Email"] = "student1@demo.local", ["Password"] = AppInitializer.DemoPassword });
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var tokenFromA = await WebHostFixture.SessionTokenAsync(browserOnA);
            await AssertSignedInAsync(browserOnB, "student1@demo.local");
            Assert.Equal(HttpStatusCode.Accepted, (await SubmitWithCookieAsync(browserOnB, problems[0], tokenFromA)).StatusCode);
            // The real form: the answer form of a's problem page, posted to b, is taken (a redirect
            // to the page, not the antiforgery check's 400).
            var problemPage = $"/problems/{problems[0].Id}";
            var typed = new Dictionary<string, string> { ["answer"] = "2" + problems[0].Variable };
            var answerForm = await PageForms.FindAsync(browserOnA, problemPage, problemPage, typed);
            using (var posted = await browserOnB.PostAsync(answerForm.Action, new FormUrlEncodedContent(answerForm.Fill(typed))))
            {
                Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
                Assert.Equal(problemPage, posted.Headers.Location?.OriginalString);
            }

            await AssertWaitOnOtherNodeIsAnsweredWhenGradedAsync(nodes.Http(0), nodes.Http(1), students[0], problems[0]);


            await load.RunAsync(80);
            var midLoad = load.RunAsync(160);
            await load.WaitSentAsync(80 + 40);
            a.Kill();
            var killedAt = Stopwatch.StartNew();
            nodes.Down(0);
            await midLoad;
            output.WriteLine($"node a killed after {80 + 40} sends; {load.Errors} requests failed with it");

            // Restart after its claims have lapsed, so the new process takes over what the dead
            // one was grading; meanwhile b has kept accepting and the worker grading.
            await Task.Delay(Lease);
            a = SiteProcess.Start("a2", Settings(database, NodeRole.Both));
            await a.WaitHealthyAsync(StartTimeout);
            output.WriteLine($"node a back {killedAt.Elapsed.TotalSeconds:F1} s after the kill");
            nodes.Replace(0, a);
            // The cookie a issued before it was killed is still good on its successor.
            using (var browserOnNewA = Browser(a, cookies))
                await AssertSignedInAsync(browserOnNewA, "student1@demo.local");
            await load.RunAsync(80);

            var graded = Stopwatch.StartNew();
            await WaitAllGradedAsync(database, firstId, TimeSpan.FromMinutes(3));
            output.WriteLine($"{load.Accepted.Count} answers accepted (202), {load.Errors} failed requests ({load.ErrorKinds}), " +
                $"all stored answers graded {graded.Elapsed.TotalSeconds:F1} s after the last 202");

            // Every 202 is graded, in one write, and the API says so on both nodes.
            var writes = await GradeWritesAsync(database, firstId);
            Assert.Equal(load.Accepted.Count, load.Accepted.Distinct().Count());
            Assert.All(load.Accepted, id => Assert.Equal(1, writes.GetValueOrDefault(id)));
            // Answers stored while their 202 was lost with node a are graded once too.
            Assert.All(writes, w => Assert.Equal(1, w.Value));
            output.WriteLine($"{writes.Count} stored answers, {writes.Count - load.Accepted.Count} of them unacknowledged (in flight at the kill)");
            foreach (var (id, i) in load.Accepted.Select((id, i) => (id, i)))
            {
                var student = load.Owner(id);
                var json = await student.GetAsync(nodes.Http(i % 2), $"/api/submissions/{id}");
                Assert.Equal("graded", json.GetProperty("status").GetString());
            }
        }
        finally
        {
            if (a is not null) await a.DisposeAsync();
            if (b is not null) await b.DisposeAsync();
            if (worker is not null) await worker.DisposeAsync();
            await TestPostgres.DropAsync(database);
        }
    }

    // Submitted through one node, waited for through the other (?wait=10): the grade is stored
    // by whichever node grades it, and the wait must end then (PostgreSqlGradeNotifications),
    // not at its timeout. The answer is slow to grade (hundreds of binomial terms to expand), so
    // the wait is under way before its grade is stored; the stored time checks that it was.
    private async Task AssertWaitOnOtherNodeIsAnsweredWhenGradedAsync(HttpClient submitOn, HttpClient waitOn, Student student,
        (int Id, string Variable) problem)
    {
        var v = problem.Variable;
        var slow = string.Join("+", Enumerable.Range(1, 39).Select(i => $"({v}+{i})^{50 + i % 7}"));
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problem.Id}/submissions")
        {
            Headers = { Authorization = new("Bearer", student.Token) },
            Content = JsonContent.Create(new { answer = slow }),
        };
        using var accepted = await submitOn.SendAsync(submit);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var waitStarted = DateTimeOffset.UtcNow;
        var waited = Stopwatch.StartNew();
        var json = await student.GetAsync(waitOn, $"/api/submissions/{id}?wait={Web.Features.Api.SubmissionsApiController.MaxWaitSeconds}");
        waited.Stop();
        var status = json.GetProperty("status").GetString();
        output.WriteLine($"wait on the other node: {status} after {waited.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(status is "graded" or "failed", $"submission {id} still {status} after the wait");
        var gradedAt = json.GetProperty("gradedAt").GetDateTimeOffset();
        Assert.True(gradedAt > waitStarted, $"graded at {gradedAt:O}, before the wait began at {waitStarted:O}: this run shows nothing");
        // Without the notification the wait ends at its timeout (10 s), whenever the grade was stored.
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(Web.Features.Api.SubmissionsApiController.MaxWaitSeconds - 1),
            $"the wait took {waited.Elapsed.TotalSeconds:F1} s: answered at its timeout, not when the grade was stored at {gradedAt:O}");
    }

    private static HttpClient Browser(SiteProcess node, CookieContainer cookies) =>
        new(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress };

    private static async Task AssertSignedInAsync(HttpClient browser, string email)
    {
        using var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"id=\"signed-in-as\">{email}<", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // As the problem page's script submits: the site's cookie and the antiforgery header.
    private static async Task<HttpResponseMessage> SubmitWithCookieAsync(HttpClient browser, (int Id, string Variable) problem, string antiforgeryToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problem.Id}/submissions")
        {
            Headers = { { "RequestVerificationToken", antiforgeryToken } },
            Content = JsonContent.Create(new { answer = "2" + problem.Variable }),
        };
        return await browser.SendAsync(request);
    }

    private static Dictionary<string, string> Settings(string database, NodeRole role) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["GraderHub__Database"] = nameof(Data.DatabaseProvider.PostgreSql),
        ["ConnectionStrings__GraderHub"] = database,
        ["GraderHub__Roles"] = role.ToString(),
        ["GraderHub__GradingLeaseSeconds"] = Lease.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["GraderHub__GradingWorkers"] = "2",
    };

    // A trigger counts every write of a final grade, so a second write of one submission shows
    // as a count of 2 whatever it wrote.
    private static async Task CountGradeWritesAsync(string database) => await ExecuteAsync(database, """
        CREATE TABLE grade_writes (submission_id bigint NOT NULL);
        CREATE FUNCTION count_grade_write() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN INSERT INTO grade_writes VALUES (NEW."Id"); RETURN NEW; END $$;
        CREATE TRIGGER grade_write AFTER UPDATE ON "Submissions" FOR EACH ROW
          WHEN (NEW."Status" IN ('graded', 'failed')) EXECUTE FUNCTION count_grade_write();
        """);

    private static async Task<Dictionary<long, int>> GradeWritesAsync(string database, long afterId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Every answer stored during the run, with how often its grade was written (0 if never).
        await using var command = new NpgsqlCommand("""
            SELECT s."Id", (SELECT count(*) FROM grade_writes w WHERE w.submission_id = s."Id")::int
            FROM "Submissions" s WHERE s."Id" > @after
            """, connection);
        command.Parameters.AddWithValue("after", afterId);
        var writes = new Dictionary<long, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) writes[reader.GetInt64(0)] = reader.GetInt32(1);
        return writes;
    }

    private static Task WaitAllGradedAsync(string database, long afterId, TimeSpan timeout) =>
        WaitForAsync(async () => await ScalarAsync(database,
                $"""SELECT count(*) FROM "Submissions" WHERE "Id" > {afterId} AND "Status" NOT IN ('graded', 'failed')""") == 0,
            timeout, "every stored answer graded");

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {timeout}: {what}");
            await Task.Delay(200);
        }
    }

    private static Task<long> MaxSubmissionIdAsync(string database) =>
        ScalarAsync(database, """SELECT coalesce(max("Id"), 0) FROM "Submissions" """);

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Each derivative problem of week 1 whose answer is an expression, with its variable, so that
    // every answer sent reads (a derivative at a point answers with a number and no variables).
    private static async Task<IReadOnlyList<(int Id, string Variable)>> DerivativeProblemsAsync(HttpClient http, Student student)
    {
        var sets = await student.GetAsync(http, "/api/problemsets");
        var week1 = sets.EnumerateArray().First(s => s.GetProperty("key").GetString() == "week-1").GetProperty("id").GetInt32();
        var set = await student.GetAsync(http, $"/api/problemsets/{week1}");
        var problems = set.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("kind").GetString() == "derivative" && p.GetProperty("answerKind").GetString() == "expression"
                && p.GetProperty("variables").GetArrayLength() > 0)
            .Select(p => (p.GetProperty("id").GetInt32(), p.GetProperty("variables")[0].GetString()!)).ToList();
        Assert.NotEmpty(problems);
        return problems;
    }

    private sealed record Student(string Email, string Token)
    {
        public static async Task<Student> SignInAsync(HttpClient http, string email)
        {
            var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = AppInitializer.DemoPassword });
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            return new Student(email, token);
        }

        public async Task<JsonElement> GetAsync(HttpClient http, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", Token) } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    // The nodes a load balancer would send to: round robin over those that are up.
    private sealed class NodeSet(params SiteProcess[] nodes)
    {
        private readonly SiteProcess[] _nodes = nodes;
        private readonly HttpClient[] _http = nodes.Select(Client).ToArray();
        private readonly bool[] _down = new bool[nodes.Length];
        private int _next;

        public HttpClient Http(int i) => _http[i % _http.Length];

        public (int Index, HttpClient Http) Next()
        {
            lock (_down)
            {
                for (var tries = 0; tries < _nodes.Length; tries++)
                {
                    var i = _next++ % _nodes.Length;
                    if (!_down[i]) return (i, _http[i]);
                }
                throw new InvalidOperationException("every node is down");
            }
        }

        public void Down(int i) { lock (_down) _down[i] = true; }

        public void Replace(int i, SiteProcess node)
        {
            lock (_down)
            {
                _nodes[i] = node;
                _http[i] = Client(node);
                _down[i] = false;
            }
        }

        private static HttpClient Client(SiteProcess node) =>
            new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    // Bounded: a fixed number of answers, six in flight at most, loopback only.
    private sealed class Load(NodeSet nodes, IReadOnlyList<Student> students, IReadOnlyList<(int Id, string Variable)> problems)
    {
        private const int InFlight = 6;
        private readonly ConcurrentDictionary<long, Student> _owners = new();
        private readonly ConcurrentDictionary<string, int> _errors = new();
        private int _sent;

        public IReadOnlyCollection<long> Accepted => (IReadOnlyCollection<long>)_owners.Keys;
        public int Errors => _errors.Values.Sum();
        // "409 x3, HttpRequestException x40": what the failed requests were.
        public string ErrorKinds => string.Join(", ", _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} x{e.Value}"));

        public Student Owner(long id) => _owners[id];

        public async Task RunAsync(int count)
        {
            using var gate = new SemaphoreSlim(InFlight);
            var sends = new List<Task>();
            for (var i = 0; i < count; i++)
            {
                await gate.WaitAsync();
                var n = Interlocked.Increment(ref _sent);
                sends.Add(Task.Run(async () =>
                {
                    try { await SendAsync(n); }
                    finally { gate.Release(); }
                }));
            }
            await Task.WhenAll(sends);
        }

        public async Task WaitSentAsync(int count)
        {
            while (Volatile.Read(ref _sent) < count) await Task.Delay(5);
        }

        private async Task SendAsync(int n)
        {
            var student = students[n % students.Count];
            var (problem, x) = problems[n / students.Count % problems.Count];
            var (_, http) = nodes.Next();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{problem}/submissions")
            {
                Headers = { Authorization = new("Bearer", student.Token) },
                Content = JsonContent.Create(new { answer = n % 3 == 0 ? "2" + x : x + "^2 + " + n }),
            };
            try
            {
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    _errors.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    return;
                }
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                Assert.True(_owners.TryAdd(id, student), $"submission {id} accepted twice");
            }
            catch (HttpRequestException e)
            {
                // The node died with this request: no 202, so nothing was promised.
                _errors.AddOrUpdate(e.HttpRequestError.ToString(), 1, (_, n) => n + 1);
            }
        }
    }
}
