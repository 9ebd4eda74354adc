using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraderHub.Web.Tests.Security;

// Every page of every role, rendered with data that makes each of its forms appear: every
// <form method=post> must carry its own antiforgery token, and every form-post action of the site
// must be reachable through such a form. The page list comes from the route table, so a new page
// or a new post action fails here until someone says which data shows it.
[Collection(WebCollection.Name)]
public sealed class FormTokenTests(WebHostFixture host)
{
    private const string Hint = "Outside, inside, times the inside's derivative.";

    [Fact]
    public async Task EveryPostFormOfEveryPage_CarriesItsToken_AndEveryPostActionHasSuchAForm()
    {
        var data = await SiteDataAsync();
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = host.CreateBrowserClient(),
            ["student"] = await host.SignedInClientAsync(data.Student),
            ["TA"] = await host.SignedInClientAsync(data.Ta),
            ["instructor"] = await host.SignedInClientAsync(data.Instructor),
        };
        // The regrade job exists only once a TA has started one, through its form.
        var start = await WebHostFixture.PostFormAsync(clients["TA"], $"/regrade/problems/{data.ProblemId}", $"/regrade/problems/{data.ProblemId}", []);
        var jobPath = start.Headers.Location!.OriginalString;

        var pages = PagePaths(data, jobPath);
        var (getTemplates, postTemplates) = FormEndpointTemplates();
        Assert.Empty(getTemplates.Except(pages.Keys).Except(NotPages));
        var expectedActions = PostActions(data);
        Assert.Empty(postTemplates.Except(expectedActions.Keys));

        var tokenless = new List<string>();
        var seenActions = new HashSet<string>();
        var rendered = 0;
        foreach (var (role, client) in clients)
            foreach (var path in pages.Values.Append("/hangfire"))
            {
                var response = await client.GetAsync(path);
                if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                rendered++;
                foreach (var form in PageForms.Read(path, await response.Content.ReadAsStringAsync()).Where(f => f.Method == "post"))
                {
                    if (form.Token is null) tokenless.Add($"{role}: {form.Describe()}");
                    else seenActions.Add(form.Action);
                }
            }

        Assert.Empty(tokenless);
        Assert.Empty(expectedActions.Values.Except(seenActions));
        Assert.True(rendered > pages.Count, $"only {rendered} HTML pages rendered");
    }

    [Fact]
    public void PageForms_FormWithoutItsOwnToken_IsReportedEvenWhenAnotherFormHasOne()
    {
        const string html = """
            <form method="post" action="/account/logout"><input name="__RequestVerificationToken" type="hidden" value="t" /></form>
            <form method="post" action="/review/submissions/1/override"><input name="score" /></form>
            """;

        var forms = PageForms.Read("/page", html);

        Assert.Equal(["t", null], forms.Select(f => f.Token));
        Assert.Throws<Xunit.Sdk.TrueException>(() => forms[1].Fill(new Dictionary<string, string> { ["score"] = "1" }));
        Assert.Throws<Xunit.Sdk.TrueException>(() => forms[0].Fill(new Dictionary<string, string> { ["score"] = "1" }));
    }

    // GET endpoints that are not HTML pages (files, the JSON API) or render nothing of their own.
    private static readonly string[] NotPages =
    [
        "reports/courses/{id:int}/gradebook.csv", "reports/sets/{id:int}/report.csv", "authoring/sets/{id:int}/export",
        "grades.csv",
    ];

    private static Dictionary<string, string> PagePaths(SiteData d, string jobPath) => new()
    {
        ["account/login"] = "/account/login",
        ["account/denied"] = "/account/denied",
        ["error/{code:int?}"] = "/error/404",
        [""] = "/",
        ["sets/{id:int}"] = $"/sets/{d.SetId}",
        ["problems/{id:int}"] = $"/problems/{d.ProblemId}",
        ["problems/{id:int}/solution"] = $"/problems/{d.ProblemId}/solution",
        ["problems/{id:int}/practice"] = $"/problems/{d.ProblemId}/practice",
        ["help/answer-syntax"] = "/help/answer-syntax",
        ["grades"] = "/grades",
        ["instructor"] = "/instructor",
        ["reports"] = "/reports",
        ["reports/courses/{id:int}"] = $"/reports/courses/{d.CourseId}",
        ["reports/sets/{id:int}"] = $"/reports/sets/{d.SetId}",
        ["reports/sets/{id:int}/problems"] = $"/reports/sets/{d.SetId}/problems",
        ["review/problems/{problemId:int}/students/{userId}"] = $"/review/problems/{d.ProblemId}/students/{d.Student.Id}",
        ["review/courses/{courseId:int}/queue"] = $"/review/courses/{d.CourseId}/queue",
        ["regrade/problems/{id:int}"] = $"/regrade/problems/{d.ProblemId}",
        ["regrade/sets/{id:int}"] = $"/regrade/sets/{d.SetId}",
        ["regrade/jobs/{jobId}"] = jobPath,
        ["authoring"] = "/authoring",
        ["authoring/courses/{courseId:int}/sets/new"] = $"/authoring/courses/{d.CourseId}/sets/new",
        ["authoring/sets/{id:int}"] = $"/authoring/sets/{d.SetId}",
        ["authoring/sets/{setId:int}/problems/new"] = $"/authoring/sets/{d.SetId}/problems/new",
        ["authoring/problems/{id:int}"] = $"/authoring/problems/{d.ProblemId}",
        ["authoring/courses/{courseId:int}/import"] = $"/authoring/courses/{d.CourseId}/import",
        // Publishing asks first: the draft set's confirmation page has the "Publish now" form.
        ["authoring/sets/{id:int}/publish"] = $"/authoring/sets/{d.DraftSetId}/publish",
    };

    private static Dictionary<string, string> PostActions(SiteData d) => new()
    {
        ["account/login"] = "/account/login",
        ["account/logout"] = "/account/logout",
        ["problems/{id:int}"] = $"/problems/{d.ProblemId}",
        ["problems/{id:int}/hint"] = $"/problems/{d.ProblemId}/hint",
        ["problems/{id:int}/report"] = $"/problems/{d.ProblemId}/report",
        ["problems/{id:int}/practice"] = $"/problems/{d.ProblemId}/practice",
        ["review/problems/{id:int}/reports/resolve"] = $"/review/problems/{d.ProblemId}/reports/resolve",
        ["reports/problems/{id:int}/wrong-answers"] = $"/reports/problems/{d.ProblemId}/wrong-answers",
        ["review/submissions/{id:long}/override"] = $"/review/submissions/{d.WrongSubmissionId}/override",
        ["regrade/problems/{id:int}"] = $"/regrade/problems/{d.ProblemId}",
        ["regrade/sets/{id:int}"] = $"/regrade/sets/{d.SetId}",
        ["authoring/courses/{courseId:int}/sets/new"] = $"/authoring/courses/{d.CourseId}/sets/new",
        ["authoring/sets/{id:int}"] = $"/authoring/sets/{d.SetId}",
        ["authoring/sets/{id:int}/publish"] = $"/authoring/sets/{d.DraftSetId}/publish",
        ["authoring/sets/{id:int}/unpublish"] = $"/authoring/sets/{d.SetId}/unpublish",
        ["authoring/sets/{setId:int}/problems/new"] = $"/authoring/sets/{d.SetId}/problems/new",
        ["authoring/problems/{id:int}"] = $"/authoring/problems/{d.ProblemId}",
        ["authoring/courses/{courseId:int}/import"] = $"/authoring/courses/{d.CourseId}/import",
    };

    // The route templates of the MVC actions (not the JSON API, which takes a bearer token or the
    // antiforgery header instead of a form), by method.
    private (HashSet<string> Get, HashSet<string> Post) FormEndpointTemplates()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } a
                && !a.ControllerTypeInfo.IsSubclassOf(typeof(Features.Api.ApiControllerBase)))
            .ToList();
        // An action without a method (the error page, re-executed for any request) is a page.
        HashSet<string> With(string method) => endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) ?? method == "GET")
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .ToHashSet();
        return (With("GET"), With("POST"));
    }

    private sealed record SiteData(int CourseId, int SetId, int DraftSetId, int ProblemId, long WrongSubmissionId,
        TestUser Student, TestUser Ta, TestUser Instructor);

    // A course of its own: a published set whose problem has a hint and wrong answers (so the
    // hint, override and group-credit forms appear), and a draft set (so "Publish now" does).
    private async Task<SiteData> SiteDataAsync()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, DateTimeOffset.UtcNow.AddDays(7), 0.1, ("p1", 2));
        var (draftId, _) = await course.SetAsync(2, null, 0, ("q1", 1));
        var student = await course.StudentAsync("Stu Dent");
        var other = await course.StudentAsync("Oth Er");
        var ta = await course.StaffAsync();
        var instructor = await course.StaffAsync(CourseRole.Instructor);
        var wrong = await course.SubmissionAsync(problems[0], student, 1, DateTimeOffset.UtcNow.AddHours(-1), 0, "cos(x^2)", Verdict.Incorrect);
        await course.SubmissionAsync(problems[0], other, 1, DateTimeOffset.UtcNow.AddHours(-1), 0, "cos(x^2)", Verdict.Incorrect);
        await host.WithDbAsync(async db =>
        {
            var problem = await db.Problems.Include(p => p.Versions).SingleAsync(p => p.Id == problems[0]);
            problem.SpecYaml += $"\nhint: \"{Hint}\"\n";
            problem.Versions.Single().SpecYaml = problem.SpecYaml;
            problem.HintPenalty = 0.2;
            (await db.ProblemSets.SingleAsync(s => s.Id == draftId)).IsPublished = false;
            // A student's report, so the review queue shows its "Resolved" form.
            db.ProblemReports.Add(new ProblemReport { ProblemId = problems[0], UserId = student.Id, Message = "broken?", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        return new SiteData(course.CourseId, setId, draftId, problems[0], wrong, student, ta, instructor);
    }
}
