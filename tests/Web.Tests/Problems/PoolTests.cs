using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Tests.Shared;
using GraderHub.Web.Features.Authoring;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Problems;

// Question pools through the site: a set imported with a pool of two, students who drew
// different members, and every road that names a problem.
[Collection(WebCollection.Name)]
public sealed class PoolTests(WebHostFixture host)
{
    // A published set with the pool, in the seeded course, imported as an instructor would.
    public static async Task<(int SetId, string Key, int Warmup, int Cube, int Fourth)> ImportAsync(WebHostFixture host)
    {
        var key = "pool-" + Guid.NewGuid().ToString("N")[..10];
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        var outcome = await new SetTransfer(db, TimeProvider.System).ImportAsync(course.Id, PoolSets.Yaml(key, 98), "pool.yaml", "test", default);
        var imported = Assert.IsType<ImportOutcome.Imported>(outcome);
        var set = await db.ProblemSets.Include(s => s.Problems).SingleAsync(s => s.Id == imported.SetId);
        set.IsPublished = true;
        await db.SaveChangesAsync();
        int Id(string k) => set.Problems.Single(p => p.Key == k).Id;
        return (set.Id, key, Id("warmup"), Id("cube"), Id("fourth"));
    }

    // Students until one drew each member (each draws one of two; 16 all alike is 1 in 32,768).
    public static async Task<(TestUser Cube, TestUser Fourth)> StudentsWhoDrewEachAsync(WebHostFixture host, string setKey)
    {
        TestUser? cube = null, fourth = null;
        for (var i = 0; i < 16 && (cube is null || fourth is null); i++)
        {
            var student = await host.CreateStudentAsync();
            if (Pools.Drawn(student.Id, setKey, "q2", ["cube", "fourth"]) == "cube") cube ??= student;
            else fourth ??= student;
        }
        return (cube!, fourth!);
    }

    [Fact]
    public async Task Student_SeesOnlyTheDrawnMember_AndEveryRoadToTheOtherAnswers404()
    {
        var set = await ImportAsync(host);
        var (cubeStudent, _) = await StudentsWhoDrewEachAsync(host, set.Key);
        var api = await host.BearerClientAsync(cubeStudent);
        var page = await host.SignedInClientAsync(cubeStudent);

        var shown = await api.GetFromJsonAsync<JsonElement>($"/api/problemsets/{set.SetId}");
        Assert.Equal(["warmup", "cube"], shown.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("key").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/problems/{set.Cube}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/problems/{set.Fourth}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/problems/{set.Fourth}/solution")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/problems/{set.Fourth}/practice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/problems/{set.Fourth}/submissions", new { answer = "4x^3" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/problems/{set.Fourth}/preview", new { answer = "4x^3" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/problems/{set.Fourth}/hint", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/problems/{set.Fourth}/solution")).StatusCode);
        // Nothing was stored for the refused answer.
        Assert.False(await host.WithDbAsync(db => db.Submissions.AnyAsync(s => s.UserId == cubeStudent.Id && s.ProblemId == set.Fourth)));
    }

    // The authoring list's points: the warm-up's 2 and the pool's 3 once (its two members are
    // worth 3 each; summed they made 8).
    [Fact]
    public async Task AuthoringList_CountsAPoolSlotOnceInThePoints()
    {
        var set = await ImportAsync(host);
        var instructor = await host.CreateUserAsync(Roles.Instructor);
        await host.EnrollAsync(instructor, CourseRole.Instructor);

        var html = await (await host.SignedInClientAsync(instructor)).GetStringAsync("/authoring");

        var start = html.IndexOf($"data-set-key=\"{set.Key}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "the set's row is listed");
        var row = html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
        var cells = System.Text.RegularExpressions.Regex.Matches(row, "<td class=\"text-end\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        // Attempts, problems (every member is a problem of the set), points.
        Assert.Equal(["3", "5"], cells[^2..]);
    }

    // The statistics page says how many of the course's students drew each member: the two
    // members' counts share out the course's students, and a problem outside the pool has none.
    [Fact]
    public async Task Statistics_SayHowManyStudentsDrewEachMember()
    {
        var set = await ImportAsync(host);
        await StudentsWhoDrewEachAsync(host, set.Key);
        var taUser = await host.CreateUserAsync(Roles.TA);
        await host.EnrollAsync(taUser, CourseRole.TA);

        var html = await (await host.SignedInClientAsync(taUser)).GetStringAsync($"/reports/sets/{set.SetId}/problems");

        var students = await host.WithDbAsync(db => db.Enrollments.Where(e => e.CourseId == db.ProblemSets.Single(x => x.Id == set.SetId).CourseId
            && e.Role == CourseRole.Student).Select(e => e.UserId).ToListAsync());
        int? Drawn(string key)
        {
            var start = html.IndexOf($"data-problem-key=\"{key}\"", StringComparison.Ordinal);
            var section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
            var m = System.Text.RegularExpressions.Regex.Match(section, "data-stat=\"drawn\">(\\d+)<");
            return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        Assert.Null(Drawn("warmup"));
        var cube = students.Count(id => Pools.Drawn(id, set.Key, "q2", ["cube", "fourth"]) == "cube");
        Assert.Equal((cube, students.Count - cube), (Drawn("cube"), Drawn("fourth")));
        Assert.True(cube > 0 && cube < students.Count, "each member was drawn by someone");
    }

    [Fact]
    public async Task Staff_SeeAndOpenEveryMember()
    {
        var set = await ImportAsync(host);
        var taUser = await host.CreateUserAsync(Roles.TA);
        await host.EnrollAsync(taUser, CourseRole.TA);
        var ta = await host.SignedInClientAsync(taUser);
        var api = await host.BearerClientAsync(taUser);

        Assert.Equal(HttpStatusCode.OK, (await ta.GetAsync($"/problems/{set.Cube}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ta.GetAsync($"/problems/{set.Fourth}")).StatusCode);
        var shown = await api.GetFromJsonAsync<JsonElement>($"/api/problemsets/{set.SetId}");
        Assert.Equal(["warmup", "cube", "fourth"], shown.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task TwoStudents_TotalsCountTheSlotOnce_AndTheCsvHasOneColumnForThePool()
    {
        var set = await ImportAsync(host);
        var (cubeStudent, fourthStudent) = await StudentsWhoDrewEachAsync(host, set.Key);
        var cube = await host.BearerClientAsync(cubeStudent);
        var fourth = await host.BearerClientAsync(fourthStudent);

        await SubmitAndWaitAsync(cube, set.Cube, "3x^2");
        await SubmitAndWaitAsync(fourth, set.Fourth, "4x^3");
        await SubmitAndWaitAsync(fourth, set.Warmup, "2x");

        // 2 for the warm-up and 3 for the pool's slot, whichever member was drawn.
        var cubeSets = await cube.GetFromJsonAsync<JsonElement>("/api/problemsets");
        var cubeSet = cubeSets.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == set.SetId);
        Assert.Equal((5, 3.0, 2), (cubeSet.GetProperty("pointsPossible").GetInt32(), cubeSet.GetProperty("pointsEarned").GetDouble(),
            cubeSet.GetProperty("problems").GetInt32()));
        var fourthSet = (await fourth.GetFromJsonAsync<JsonElement>("/api/problemsets")).EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == set.SetId);
        Assert.Equal((5, 5.0), (fourthSet.GetProperty("pointsPossible").GetInt32(), fourthSet.GetProperty("pointsEarned").GetDouble()));

        var taUser = await host.CreateUserAsync(Roles.TA);
        await host.EnrollAsync(taUser, CourseRole.TA);
        var ta = await host.BearerClientAsync(taUser);
        var lines = (await ta.GetStringAsync($"/api/problemsets/{set.SetId}/report.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,name,warmup (2),q2 (3),total (5)", lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.TrimEnd('\r') == $"{cubeStudent.Email},{cubeStudent.Email},0,3,3");
        Assert.Contains(lines, l => l.TrimEnd('\r') == $"{fourthStudent.Email},{fourthStudent.Email},2,3,5");
    }

    [Fact]
    public async Task Draw_IsTheSameAfterARestart_AndAfterTheSetIsExportedAndImportedAgain()
    {
        var set = await ImportAsync(host);
        var (cubeStudent, fourthStudent) = await StudentsWhoDrewEachAsync(host, set.Key);
        async Task<string[]> KeysAsync(HttpClient client) => (await client.GetFromJsonAsync<JsonElement>($"/api/problemsets/{set.SetId}"))
            .GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("key").GetString()!).ToArray();

        // Another server process on the same database: new services, nothing kept in memory.
        using var restarted = host.StartSecondSite();
        var client = restarted.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = fourthStudent.Email, password = WebHostFixture.Password });
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        Assert.Equal(["warmup", "fourth"], await KeysAsync(client));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/problems/{set.Cube}/solution")).StatusCode);

        // The export carries the pool, and the draw hangs on keys only, not on row ids or order.
        var exported = await host.WithDbAsync(async db =>
        {
            var s = await db.ProblemSets.Include(x => x.Problems).SingleAsync(x => x.Id == set.SetId);
            return SetTransfer.Export(s, s.Problems.OrderBy(p => p.Position));
        });
        var again = GraderHub.Grading.Problems.ProblemSetReader.Read(exported, "export.yaml");
        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        var pool = Assert.Single(again.ProblemSet!.Pools);
        Assert.Equal(("q2", "One power"), (pool.Key, pool.Title));
        Assert.Equal(["cube", "fourth"], pool.ProblemKeys);
        Assert.Equal("cube", Pools.Drawn(cubeStudent.Id, set.Key, "q2", ["fourth", "cube"]));
        Assert.Equal("fourth", Pools.Drawn(fourthStudent.Id, set.Key, "q2", pool.ProblemKeys));
    }

    private static async Task SubmitAndWaitAsync(HttpClient client, int problemId, string answer)
    {
        var response = await client.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var graded = await WebHostFixture.WaitForGradeAsync(client, id);
        Assert.Equal(1.0, graded.GetProperty("score").GetDouble());
    }
}
