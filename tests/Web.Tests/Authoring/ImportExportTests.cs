using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Authoring;

[Collection(WebCollection.Name)]
public sealed class ImportExportTests(WebHostFixture host)
{
    private static string Week1 => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seed", "week-1.yaml"));

    [Fact]
    public async Task Import_Week1WithANewKey_CreatesAnUnpublishedSet_AndExportReadsBackTheSameProblems()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var courseId = await AuthoringKit.CourseIdAsync(host);
        var key = AuthoringKit.NewKey();
        var yaml = Week1.Replace("key: week-1", "key: " + key, StringComparison.Ordinal);
        var original = ProblemSetReader.Read(yaml, "original").ProblemSet!;

        var response = await ImportAsync(instructor, courseId, yaml, "copy.yaml");

        var setId = AuthoringKit.IdFromLocation(response);
        var set = await AuthoringKit.LoadSetAsync(host, setId);
        Assert.Equal((key, original.Title, false), (set.Key, set.Title, set.IsPublished));
        Assert.Equal(original.Problems.Select(p => p.Key), set.Problems.OrderBy(p => p.Position).Select(p => p.Key));

        var export = await instructor.GetAsync($"/authoring/sets/{setId}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal($"{key}.yaml", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var back = ProblemSetReader.Read(await export.Content.ReadAsStringAsync(), "export");
        Assert.True(back.Succeeded, string.Join("; ", back.Errors));
        Assert.Equal((original.Key, original.Title, original.Week, original.Summary), (back.ProblemSet!.Key, back.ProblemSet.Title, back.ProblemSet.Week, back.ProblemSet.Summary));
        Assert.Equal(original.Problems.Select(p => p.SpecYaml), back.ProblemSet.Problems.Select(p => p.SpecYaml));
    }

    [Fact]
    public async Task Import_BrokenFile_Is400ListingItsLines_AndChangesNothing()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var courseId = await AuthoringKit.CourseIdAsync(host);
        var key = AuthoringKit.NewKey();
        // Two mistakes in two problems: a misspelt key and an unknown kind.
        var yaml = Week1.Replace("key: week-1", "key: " + key, StringComparison.Ordinal)
            .Replace("    wrt: x\n", "    wrtt: x\n", StringComparison.Ordinal)
            .Replace("kind: derivative", "kind: integral", StringComparison.Ordinal);
        var expected = ProblemSetReader.Read(yaml, "broken.yaml").Errors;
        Assert.True(expected.Count >= 2);
        var setsBefore = await host.WithDbAsync(db => db.ProblemSets.CountAsync(s => s.CourseId == courseId));

        var response = await ImportAsync(instructor, courseId, yaml, "broken.yaml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var e in expected)
            Assert.Contains($"Line {e.Line}, column {e.Column}", html, StringComparison.Ordinal);
        Assert.Contains("broken.yaml was not imported", html, StringComparison.Ordinal);
        Assert.Equal(setsBefore, await host.WithDbAsync(db => db.ProblemSets.CountAsync(s => s.CourseId == courseId)));
        Assert.False(await host.WithDbAsync(db => db.ProblemSets.AnyAsync(s => s.Key == key)));
    }

    [Fact]
    public async Task Import_ExistingKey_IsRefusedAndChangesNothing()
    {
        var (setId, _) = await new ProblemSetBuilder().SaveAsync(host);
        var existing = await AuthoringKit.LoadSetAsync(host, setId);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var yaml = Week1.Replace("key: week-1", "key: " + existing.Key, StringComparison.Ordinal);

        var response = await ImportAsync(instructor, existing.CourseId, yaml, "dup.yaml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already has a set with the key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await AuthoringKit.LoadSetAsync(host, setId)).Problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001 not yaml: [")]
    [InlineData("- just\n- a list\n")]
    public async Task Import_Nonsense_Is400NeverA500(string content)
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);

        var response = await ImportAsync(instructor, await AuthoringKit.CourseIdAsync(host), content, "odd.yaml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static async Task<HttpResponseMessage> ImportAsync(HttpClient client, int courseId, string yaml, string fileName)
    {
        var path = $"/authoring/courses/{courseId}/import";
        var page = await PageForms.FindAsync(client, path, path);
        var token = page.Fill(new Dictionary<string, string>())[PageForm.TokenField];
        Assert.Contains("file", page.Names);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), PageForm.TokenField);
        if (yaml.Length > 0)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(yaml));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
            form.Add(file, "file", fileName);
        }
        return await client.PostAsync(path, form);
    }
}
