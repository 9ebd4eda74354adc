using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Api;

// POST /api/problems/{id}/preview reads an answer through the caller's own variant: what it accepts
// is what grading reads, and what it refuses the submit refuses (400, no attempt used).
[Collection(WebCollection.Name)]
public sealed class ProblemPreviewTests(WebHostFixture host)
{
    // The whole course: every seeded problem's reference, typed as a student would, previews 200
    // through that student's variant and grades 1.
    [Fact]
    public async Task EverySeededProblem_ReferenceTypedByTheStudent_Previews200AndGradesCorrect()
    {
        var checkedProblems = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seed"), "week-*.yaml").Order(StringComparer.Ordinal))
        {
            var set = ProblemSetReader.Read(await File.ReadAllTextAsync(file), file).ProblemSet!;
            var setKey = "preview-" + Guid.NewGuid().ToString("N")[..10];
            var ids = await SaveAsync(setKey, set.Problems);
            var submissions = new List<(string Key, HttpClient Api, long Id)>();
            foreach (var problem in set.Problems)
            {
                // A student per problem: one student submitting the whole course at once would meet
                // the per-student rate limit, which is not what this test is about.
                var student = await host.CreateStudentAsync();
                var api = await host.BearerClientAsync(student);
                var reference = problem.Variant(VariantSeeds.For(student.Id, setKey, problem.Key)).ReferenceText;
                Assert.True(reference is not null, problem.Key);
                var preview = await api.PostAsJsonAsync($"/api/problems/{ids[problem.Key]}/preview", new { answer = reference });
                Assert.True(preview.StatusCode == HttpStatusCode.OK, $"{problem.Key} ({problem.Kind}): {await preview.Content.ReadAsStringAsync()}");
                var shown = await preview.Content.ReadFromJsonAsync<JsonElement>();
                Assert.False(string.IsNullOrWhiteSpace(shown.GetProperty("latex").GetString()), problem.Key);
                submissions.Add((problem.Key, api, await SubmitAnswerTests.SubmitAsync(api, ids[problem.Key], reference)));
                checkedProblems++;
            }
            foreach (var (key, api, id) in submissions)
            {
                var grade = await WebHostFixture.WaitForGradeAsync(api, id);
                Assert.True(grade.GetProperty("verdict").GetString() == "correct", $"{key}: {grade}");
                Assert.Equal(1.0, grade.GetProperty("gradedScore").GetDouble());
            }
        }
        Assert.True(checkedProblems >= 54, $"only {checkedProblems} seeded problems");
    }

    [Fact]
    public async Task Preview_StructuredAnswers_ShowTheirShape_AndAShapeErrorIs400WithNoAttemptUsed()
    {
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var ids = await SaveAsync("shapes-" + Guid.NewGuid().ToString("N")[..10], [
            Read("key: g\ntitle: G\nkind: gradient\nvariables: [x, y]\nfunction: \"x^2*y\"\nstatement: s\n"),
            Read("key: h\ntitle: H\nkind: hessian\nvariables: [x, y]\nfunction: \"x^2*y\"\nstatement: s\n"),
            Read("key: n\ntitle: N\nkind: newton\nvariables: [x]\nfunction: \"x^2 - 2\"\nstart: [\"1\"]\nsteps: 2\nstatement: s\n"),
            Read("key: d\ntitle: D\nkind: derivative\nvariables: [x]\nfunction: \"x^2\"\nwrt: x\nstatement: s\n"),
        ]);

        var vector = await PreviewAsync(api, ids["g"], "(2xy, x^2)");
        Assert.Equal(HttpStatusCode.OK, vector.Status);
        Assert.Contains(@"\begin{pmatrix}", vector.Body.GetProperty("latex").GetString(), StringComparison.Ordinal);
        var matrix = await PreviewAsync(api, ids["h"], "[[2y, 2x], [2x, 0]]");
        Assert.Contains(@"\begin{bmatrix}", matrix.Body.GetProperty("latex").GetString(), StringComparison.Ordinal);
        var iterates = await PreviewAsync(api, ids["n"], "1.5, 1.4167");
        Assert.Contains("x_{2} = ", iterates.Body.GetProperty("latex").GetString(), StringComparison.Ordinal);

        // A wrong length, a missing matrix entry and a constant with no value: refused like a syntax error.
        foreach (var (id, answer) in new[] { (ids["g"], "(2xy)"), (ids["h"], "[[2y, 2x], [2x]]"), (ids["n"], "1.5"), (ids["d"], "1/0") })
        {
            var refused = await PreviewAsync(api, id, answer);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, answer);
            Assert.False(string.IsNullOrWhiteSpace(refused.Body.GetProperty("error").GetString()));
            Assert.True(refused.Body.GetProperty("column").GetInt32() >= 1);
            var submit = await api.PostAsJsonAsync($"/api/problems/{id}/submissions", new { answer });
            Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        }
        Assert.Equal(0, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.UserId == student.Id)));
    }

    [Fact]
    public async Task Preview_ProblemTheCallerCannotAnswer_Is404LikeSubmitting()
    {
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);
        var ids = await SaveAsync("hidden-" + Guid.NewGuid().ToString("N")[..10],
            [Read("key: d\ntitle: D\nkind: derivative\nvariables: [x]\nfunction: \"x^2\"\nwrt: x\nstatement: s\n")], published: false);

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/problems/{ids["d"]}/preview", new { answer = "2x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/problems/{ids["d"]}/submissions", new { answer = "2x" })).StatusCode);
        Assert.Equal((await api.PostAsJsonAsync("/api/problems/999999/submissions", new { answer = "2x" })).StatusCode,
            (await api.PostAsJsonAsync("/api/problems/999999/preview", new { answer = "2x" })).StatusCode);
    }

    private static ProblemDefinition Read(string yaml) =>
        ProblemReader.Read(yaml, "test") is { Problem: { } p } ? p : throw new InvalidOperationException(yaml);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PreviewAsync(HttpClient api, int problemId, string answer)
    {
        var response = await api.PostAsJsonAsync($"/api/problems/{problemId}/preview", new { answer });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private Task<Dictionary<string, int>> SaveAsync(string setKey, IReadOnlyList<ProblemDefinition> problems, bool published = true) =>
        host.WithDbAsync(async db =>
        {
            var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
            var now = DateTimeOffset.UtcNow;
            var set = new ProblemSet
            {
                CourseId = course.Id, Key = setKey, Title = "Preview " + setKey, Week = 97, IsPublished = published, CreatedAt = now, UpdatedAt = now,
                Problems = [.. problems.Select((p, i) => new Problem
                {
                    Key = p.Key, Position = i + 1, Title = p.Title, Kind = p.Kind, Points = p.Points, SpecYaml = p.SpecYaml, Version = 1, UpdatedAt = now,
                    Versions = [new ProblemVersion { Version = 1, SpecYaml = p.SpecYaml, CreatedAt = now }],
                })],
            };
            db.ProblemSets.Add(set);
            await db.SaveChangesAsync();
            return set.Problems.ToDictionary(p => p.Key, p => p.Id);
        });
}
