using GraderHub.Grading.Answers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Authoring;

[Collection(WebCollection.Name)]
public sealed class AuthoringFlowTests(WebHostFixture host)
{
    private const string Template = GraderHub.Web.Features.Authoring.ProblemEditor.Template;

    [Fact]
    public async Task CreateSet_WithDatesAndPolicy_StoresThemUnpublished()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var courseId = await AuthoringKit.CourseIdAsync(host);
        var key = AuthoringKit.NewKey();

        var response = await WebHostFixture.PostFormAsync(instructor, $"/authoring/courses/{courseId}/sets/new", $"/authoring/courses/{courseId}/sets/new", new()
        {
            ["Key"] = key, ["Title"] = "Week 7: Extra", ["Week"] = "7", ["Summary"] = "More practice",
            ["OpensAt"] = "2026-12-01 09:00", ["DueAt"] = "2026-12-08 23:59", ["HardCloseAt"] = "2026-12-10 23:59",
            ["LatePenaltyPercent"] = "12.5", ["MaxAttempts"] = "3",
        });

        var set = await AuthoringKit.LoadSetAsync(host, AuthoringKit.IdFromLocation(response));
        Assert.Equal((key, "Week 7: Extra", 7, false), (set.Key, set.Title, set.Week, set.IsPublished));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), set.OpensAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 23, 59, 0, TimeSpan.Zero), set.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 23, 59, 0, TimeSpan.Zero), set.HardCloseAt);
        Assert.Equal(0.125, set.LatePenaltyPerDay, 9);
        Assert.Equal(3, set.MaxAttempts);
        Assert.Contains(key, await instructor.GetStringAsync("/authoring"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSet_BadDateAndCloseBeforeDue_Is400WithMessagesAndChangesNothing()
    {
        var (setId, _) = await new ProblemSetBuilder().SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var before = await AuthoringKit.LoadSetAsync(host, setId);

        var response = await WebHostFixture.PostFormAsync(instructor, $"/authoring/sets/{setId}", $"/authoring/sets/{setId}", new()
        {
            ["Title"] = "Changed", ["Week"] = "3", ["OpensAt"] = "next tuesday",
            ["DueAt"] = "2026-12-08 23:59", ["HardCloseAt"] = "2026-12-01 00:00", ["MaxAttempts"] = "0",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Write the date as yyyy-MM-dd HH:mm", html, StringComparison.Ordinal);
        Assert.Contains("The hard close is before the due date.", html, StringComparison.Ordinal);
        Assert.Contains("Attempts per problem: a whole number", html, StringComparison.Ordinal);
        Assert.Equal(before.Title, (await AuthoringKit.LoadSetAsync(host, setId)).Title);
    }

    [Fact]
    public async Task EditProblem_BrokenYaml_Is400WithErrorsAtTheirLinesAndStoresNothing()
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        // Line 6 misspells "function"; the reader says where and suggests the right key.
        var broken = ProblemSetBuilder.SpecYaml("chain", "sin(x^2)").Replace("function:", "functon:", StringComparison.Ordinal);

        var response = await WebHostFixture.PostFormAsync(instructor, $"/authoring/problems/{problemId}", $"/authoring/problems/{problemId}",
            new() { ["Yaml"] = broken, ["Seed"] = "0", ["Intent"] = "save" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-line=\"6\"", html, StringComparison.Ordinal);
        Assert.Contains("Line 6, column 1", html, StringComparison.Ordinal);
        Assert.Contains("Did you mean &#x27;function&#x27;?", html, StringComparison.Ordinal);
        var problem = await host.WithDbAsync(db => db.Problems.AsNoTracking().SingleAsync(p => p.Id == problemId));
        Assert.Equal(1, problem.Version);
        Assert.DoesNotContain("functon", problem.SpecYaml, StringComparison.Ordinal);
        Assert.NotEqual(0, setId);
    }

    [Fact]
    public async Task NewProblem_PreviewWithTwoSeeds_ShowsEachVariantReferenceAndSelfTests_ThenSaveKeepsVersion1()
    {
        var (setId, _) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var definition = ProblemReader.Read(Template, "template").Problem!;
        var (seedA, seedB) = TwoSeedsWithDifferentReferences(definition);
        var path = $"/authoring/sets/{setId}/problems/new";

        foreach (var seed in new[] { seedA, seedB })
        {
            var preview = await WebHostFixture.PostFormAsync(instructor, path, path,
                new() { ["Yaml"] = Template, ["Seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Intent"] = "preview" });
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var html = await preview.Content.ReadAsStringAsync();
            Assert.Contains($"data-seed=\"{seed}\"", html, StringComparison.Ordinal);
            var reference = definition.Variant(seed).Reference().Text!;
            Assert.Contains(System.Net.WebUtility.HtmlEncode(reference), html, StringComparison.Ordinal);
            // The reference shown is this variant's right answer, as the grader itself decides.
            Assert.Equal(GradeVerdict.Correct, definition.Variant(seed).Grade(reference).Verdict);
            Assert.Contains("All self-tests pass.", html, StringComparison.Ordinal);
        }
        Assert.Single((await AuthoringKit.LoadSetAsync(host, setId)).Problems);

        var saved = await WebHostFixture.PostFormAsync(instructor, path, path,
            new() { ["Yaml"] = Template, ["Seed"] = "0", ["Intent"] = "save" });
        var problemId = AuthoringKit.IdFromLocation(saved);
        var problem = await host.WithDbAsync(db => db.Problems.AsNoTracking().Include(p => p.Versions).SingleAsync(p => p.Id == problemId));
        Assert.Equal((setId, "new-problem", 1, 2), (problem.ProblemSetId, problem.Key, problem.Version, problem.Position));
        Assert.Equal(Template, Assert.Single(problem.Versions).SpecYaml);
    }

    [Fact]
    public async Task SaveProblem_FailingSelfTest_IsRefusedWithTheFailure()
    {
        var (setId, _) = await new ProblemSetBuilder().SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        // "2*a*x" is the wrong derivative of a*x^3: the author's "correct" self-test fails.
        var yaml = Template.Replace("[\"3*a*x^2\", \"a*3*x*x\"]", "[\"2*a*x\"]", StringComparison.Ordinal);
        Assert.NotEqual(Template, yaml);
        var path = $"/authoring/sets/{setId}/problems/new";

        var response = await WebHostFixture.PostFormAsync(instructor, path, path, new() { ["Yaml"] = yaml, ["Intent"] = "save" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Self-test &#x27;2*a*x&#x27; should be correct", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await AuthoringKit.LoadSetAsync(host, setId)).Problems);
    }

    [Fact]
    public async Task EditAfterAnswers_KeepsVersionAndOldGrade_NewAnswersUseNewSpec()
    {
        var (_, problemId) = await new ProblemSetBuilder().Function("sin(x^2)").SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var student = await host.BearerClientAsync(await host.CreateStudentAsync());
        var old = await SubmitAnswerTests.SubmitAsync(student, problemId, "2x cos(x^2)");
        Assert.Equal("correct", (await WebHostFixture.WaitForGradeAsync(student, old)).GetProperty("verdict").GetString());

        var edited = ProblemSetBuilder.SpecYaml("chain", "cos(x^2)");
        var response = await WebHostFixture.PostFormAsync(instructor, $"/authoring/problems/{problemId}", $"/authoring/problems/{problemId}",
            new() { ["Yaml"] = edited, ["Intent"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var fresh = await SubmitAnswerTests.SubmitAsync(student, problemId, "2x cos(x^2)");
        Assert.Equal("incorrect", (await WebHostFixture.WaitForGradeAsync(student, fresh)).GetProperty("verdict").GetString());
        var oldGrade = await student.GetFromJsonAsync<JsonElement>($"/api/submissions/{old}");
        Assert.Equal("correct", oldGrade.GetProperty("verdict").GetString());
        var rows = await host.WithDbAsync(db => db.Submissions.AsNoTracking().Where(s => s.ProblemId == problemId)
            .OrderBy(s => s.AttemptNumber).Select(s => s.ProblemVersion).ToListAsync());
        Assert.Equal([1, 2], rows);
        var versions = await host.WithDbAsync(db => db.ProblemVersions.AsNoTracking().Where(v => v.ProblemId == problemId)
            .OrderBy(v => v.Version).Select(v => v.SpecYaml).ToListAsync());
        Assert.Equal(2, versions.Count);
        Assert.Contains("sin(x^2)", versions[0], StringComparison.Ordinal);
        Assert.Equal(edited, versions[1]);
    }

    [Fact]
    public async Task EditProblem_ChangingTheKey_IsRefused()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);

        var response = await WebHostFixture.PostFormAsync(instructor, $"/authoring/problems/{problemId}", $"/authoring/problems/{problemId}",
            new() { ["Yaml"] = ProblemSetBuilder.SpecYaml("renamed", "sin(x^2)"), ["Intent"] = "save" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The key cannot change", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAndUnpublish_ControlWhatStudentsSee()
    {
        var (setId, problemId) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var student = await host.SignedInClientAsync(await host.CreateStudentAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/sets/{setId}")).StatusCode);

        // Publishing asks first, with what the self-tests found.
        var confirm = await instructor.GetStringAsync($"/authoring/sets/{setId}/publish");
        Assert.Contains("every one passes", confirm, StringComparison.Ordinal);
        Assert.Contains("id=\"confirm-publish\"", confirm, StringComparison.Ordinal);
        Assert.False((await AuthoringKit.LoadSetAsync(host, setId)).IsPublished);
        var publish = await WebHostFixture.PostFormAsync(instructor, $"/authoring/sets/{setId}/publish", $"/authoring/sets/{setId}/publish", []);
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync($"/sets/{setId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync($"/problems/{problemId}")).StatusCode);

        await WebHostFixture.PostFormAsync(instructor, $"/authoring/sets/{setId}", $"/authoring/sets/{setId}/unpublish", []);
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/sets/{setId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/problems/{problemId}")).StatusCode);
        var audit = await host.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(ProblemSet) && a.EntityId == setId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["set_published", "set_unpublished"], audit);
    }

    [Fact]
    public async Task Publish_EmptySet_IsRefused()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var (setId, problemId) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        // The confirmation was opened while the set had a problem; it was removed before the click.
        var form = await PageForms.FindAsync(instructor, $"/authoring/sets/{setId}/publish", $"/authoring/sets/{setId}/publish");
        await host.WithDbAsync(db => db.Problems.Where(p => p.Id == problemId).ExecuteDeleteAsync());

        var confirm = await instructor.GetStringAsync($"/authoring/sets/{setId}/publish");
        Assert.Contains("Add a problem before publishing.", confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm-publish\"", confirm, StringComparison.Ordinal);
        var response = await instructor.PostAsync(form.Action, new FormUrlEncodedContent(form.Fill(new Dictionary<string, string>())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Add a problem before publishing.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await AuthoringKit.LoadSetAsync(host, setId)).IsPublished);
    }

    [Fact]
    public async Task Preview_WithTriedAnswer_GradesItAgainstTheSeedAndStoresNothing()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var (setId, _) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var newPage = $"/authoring/sets/{setId}/problems/new";
        var saved = await WebHostFixture.PostFormAsync(instructor, newPage, newPage, new() { ["Yaml"] = Template, ["Intent"] = "save" });
        var problemId = AuthoringKit.IdFromLocation(saved);
        // The saved problem's page previews seed 3, with the box to try an answer against it.
        var page = $"/authoring/problems/{problemId}?seed=3";
        var action = $"/authoring/problems/{problemId}";
        var definition = ProblemReader.Read(Template, "t").Problem!;
        var reference = definition.Variant(3).Reference().Text!;

        var right = await WebHostFixture.PostFormAsync(instructor, page, action, new() { ["Intent"] = "preview", ["TryAnswer"] = reference });
        var wrong = await WebHostFixture.PostFormAsync(instructor, page, action, new() { ["Intent"] = "preview", ["TryAnswer"] = "-(" + reference + ")" });

        var rightHtml = await right.Content.ReadAsStringAsync();
        Assert.Contains("id=\"trial-verdict\">correct<", rightHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"trial-score\">100 %<", rightHtml, StringComparison.Ordinal);
        var wrongHtml = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("id=\"trial-verdict\">incorrect<", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("diagnosis: sign", wrongHtml, StringComparison.Ordinal);
        Assert.Equal(1, (await AuthoringKit.LoadSetAsync(host, setId)).Problems.Single(p => p.Id == problemId).Version);
    }

    [Fact]
    public async Task SpecCheck_ReturnsErrorsWithTheirLines_ForInstructorsOnly()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var (_, student) = await AuthoringKit.SignedInAsync(host, Roles.Student, CourseRole.Student);
        var (setId, _) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var yaml = Template.Replace("wrt: x", "wrtt: x", StringComparison.Ordinal);

        // The editor's script sends the token of the editor's form, as a header.
        var editorPage = $"/authoring/sets/{setId}/problems/new";
        var editorForm = await PageForms.FindAsync(instructor, editorPage, editorPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/authoring/spec-check") { Content = JsonContent.Create(new { yaml }) };
        request.Headers.Add("RequestVerificationToken", editorForm.Token);
        var response = await instructor.SendAsync(request);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        using var studentRequest = new HttpRequestMessage(HttpMethod.Post, "/api/authoring/spec-check") { Content = JsonContent.Create(new { yaml }) };
        studentRequest.Headers.Add("RequestVerificationToken", (await PageForms.FindAsync(student, "/", "/account/logout")).Token);
        var denied = await student.SendAsync(studentRequest);

        Assert.Contains(errors, e => e.Item1 == 9 && e.Item2.Contains("Did you mean 'wrt'?", StringComparison.Ordinal));
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    private static (int, int) TwoSeedsWithDifferentReferences(ProblemDefinition definition)
    {
        var first = definition.Variant(0).Reference().Text;
        for (var seed = 1; seed < 100; seed++)
            if (definition.Variant(seed).Reference().Text != first) return (0, seed);
        throw new InvalidOperationException("every seed gives the same variant");
    }
}
