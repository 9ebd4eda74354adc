using System.Net;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Authoring;

[Collection(WebCollection.Name)]
public sealed class AuthoringPermissionTests(WebHostFixture host)
{
    // Members of the course without the level get 403; strangers to it 404 (Features/Access).
    public static TheoryData<string, CourseRole?, HttpStatusCode> NotInstructorsOfTheCourse => new()
    {
        { Roles.TA, CourseRole.TA, HttpStatusCode.Forbidden },
        { Roles.Student, CourseRole.Student, HttpStatusCode.Forbidden },
        // An instructor, but not of this course: the enrolment decides.
        { Roles.Instructor, null, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(NotInstructorsOfTheCourse))]
    public async Task AuthoringPages_NotAnInstructorOfTheCourse_AreDenied(string role, CourseRole? courseRole, HttpStatusCode expected)
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var courseId = await AuthoringKit.CourseIdAsync(host);
        var (_, client) = await AuthoringKit.SignedInAsync(host, role, courseRole);

        foreach (var path in new[] { $"/authoring/sets/{setId}", $"/authoring/problems/{problemId}", $"/authoring/sets/{setId}/export",
                     $"/authoring/sets/{setId}/problems/new", $"/authoring/courses/{courseId}/sets/new", $"/authoring/courses/{courseId}/import" })
            Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(NotInstructorsOfTheCourse))]
    public async Task AuthoringPosts_NotAnInstructorOfTheCourse_AreDeniedAndChangeNothing(string role, CourseRole? courseRole, HttpStatusCode expected)
    {
        var (setId, problemId) = await new ProblemSetBuilder().Unpublished().SaveAsync(host);
        var (_, client) = await AuthoringKit.SignedInAsync(host, role, courseRole);
        var before = await AuthoringKit.LoadSetAsync(host, setId);

        // These users cannot open the editor: the posts are forged, with the session's own token.
        var posts = new (string Action, Dictionary<string, string> Fields)[]
        {
            ($"/authoring/sets/{setId}", new() { ["Title"] = "Hijacked", ["Week"] = "1" }),
            ($"/authoring/sets/{setId}/publish", []),
            ($"/authoring/problems/{problemId}", new() { ["Yaml"] = ProblemSetBuilder.SpecYaml("chain", "x^2"), ["Intent"] = "save" }),
        };
        foreach (var (action, fields) in posts)
            Assert.Equal(expected, (await WebHostFixture.ForgedPostAsync(client, action, fields)).StatusCode);

        var after = await AuthoringKit.LoadSetAsync(host, setId);
        Assert.Equal((before.Title, false, 1), (after.Title, after.IsPublished, Assert.Single(after.Problems).Version));
    }

    [Fact]
    public async Task AuthoringPages_InstructorOfTheCourse_Open()
    {
        var (setId, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var (_, client) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);

        foreach (var path in new[] { "/authoring", $"/authoring/sets/{setId}", $"/authoring/problems/{problemId}?seed=3" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task AuthoringPages_MissingSetOrProblem_Are404()
    {
        var (_, client) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/authoring/sets/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/authoring/problems/999999")).StatusCode);
    }

    [Fact]
    public async Task ProblemPreview_BadSeed_Is400WithAMessage()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var (_, client) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);

        var response = await client.GetAsync($"/authoring/problems/{problemId}?seed=-4");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The seed is a whole number", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
