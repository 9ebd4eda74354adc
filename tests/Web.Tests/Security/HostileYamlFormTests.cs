using System.Globalization;
using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Grading.Tests.Problems;
using GraderHub.Web.Tests.Authoring;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Security;

// Issue 11, item 2: each hostile problem file through the real forms an instructor uses (the
// editor's preview and save, and the set import), with the antiforgery token of that form. Each
// answers 400 with the error at its line, stores nothing, and the process is still serving.
[Collection(WebCollection.Name)]
public sealed class HostileYamlFormTests(WebHostFixture host)
{
    public static TheoryData<HostileYaml.Case> Cases() => [.. HostileYaml.All];

    [Theory, MemberData(nameof(Cases))]
    public async Task EditorPreviewAndSave_HostileSpec_Is400WithItsLine_AndNothingSaved(HostileYaml.Case hostile)
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var (setId, _) = await new ProblemSetBuilder().SaveAsync(host);
        var path = $"/authoring/sets/{setId}/problems/new";

        foreach (var intent in new[] { "preview", "save" })
        {
            var response = await WebHostFixture.PostFormAsync(instructor, path, path,
                new() { ["Yaml"] = hostile.Text, ["Seed"] = "0", ["Intent"] = intent });

            var html = await response.Content.ReadAsStringAsync();
            // The page's text in the failure: a 500 once seen only in CI (PostgreSQL pass) is then diagnosable.
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{intent}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 4000)]}");
            Assert.Contains("id=\"spec-errors\"", html, StringComparison.Ordinal);
            if (hostile.Line is { } line && hostile.Text.Length <= Features.Authoring.ProblemEditor.MaxSpecLength)
                Assert.Contains($"Line {line.ToString(CultureInfo.InvariantCulture)}, column", html, StringComparison.Ordinal);
        }
        Assert.Equal(1, await host.WithDbAsync(db => db.Problems.CountAsync(p => p.ProblemSetId == setId)));
        Assert.Equal(HttpStatusCode.OK, (await instructor.GetAsync(path)).StatusCode);
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Import_HostileFile_Is400WithAnError_AndNoSetCreated(HostileYaml.Case hostile)
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var courseId = await AuthoringKit.CourseIdAsync(host);
        var setsBefore = await host.WithDbAsync(db => db.ProblemSets.CountAsync(s => s.CourseId == courseId));
        var path = $"/authoring/courses/{courseId}/import";

        var response = await ImportExportTests.ImportAsync(instructor, courseId, hostile.Text, hostile.Name + ".yaml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(setsBefore, await host.WithDbAsync(db => db.ProblemSets.CountAsync(s => s.CourseId == courseId)));
        Assert.Equal(HttpStatusCode.OK, (await instructor.GetAsync(path)).StatusCode);
    }

    // A spec stored before the bounds existed (or written to the database by hand) must not take
    // the student's page or the grading job down with it.
    [Fact]
    public async Task ProblemPage_StoredNestedBracketSpec_AnswersWithoutCrashing()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var nested = HostileYaml.All.Single(c => c.Name == "nested-brackets").Text;
        await host.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.Versions).SingleAsync(p => p.Id == problemId);
            problem.SpecYaml = nested;
            problem.Versions.Single().SpecYaml = nested;
            return await db.SaveChangesAsync();
        });
        var student = await host.CreateUserAsync(Roles.Student);
        await host.EnrollAsync(student, CourseRole.Student);
        var client = await host.SignedInClientAsync(student);

        var page = await client.GetAsync($"/problems/{problemId}");

        Assert.True(page.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.OK, page.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
}
