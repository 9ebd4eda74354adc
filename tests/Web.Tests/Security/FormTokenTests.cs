using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using GraderHub.Web.Testing;
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
            ["administrator"] = await host.SignedInClientAsync(data.Administrator),
            // Inside the running exam: its finish and focus-report forms show.
            ["student in an exam"] = await host.SignedInClientAsync(data.InExam),
        };
        // The regrade job exists only once a TA has started one, through its form.
        var start = await WebHostFixture.PostFormAsync(clients["TA"], $"/regrade/problems/{data.ProblemId}", $"/regrade/problems/{data.ProblemId}", []);
        var jobPath = start.Headers.Location!.OriginalString;

        var pages = PagePaths(data, jobPath);
        var routes = host.Services.GetRequiredService<EndpointDataSource>();
        Assert.Empty(SiteRoutes.GetTemplates(routes).Except(pages.Keys).Except(NotPages));
        var expectedActions = PostActions(data);
        Assert.Empty(SiteRoutes.FormPostTemplates(routes).Except(expectedActions.Keys).Except(CrossSitePosts));

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

    // GET endpoints that are not HTML pages (files, the JSON API) or render nothing of their own
    // (the LTI login redirects to the LMS, resume redirects, session and jwks are JSON).
    private static readonly string[] NotPages =
    [
        "reports/courses/{id:int}/gradebook.csv", "reports/sets/{id:int}/report.csv", "authoring/sets/{id:int}/export",
        "exam/sets/{id:int}/log.csv",
        "lti/login", "lti/resume", "lti/session", "lti/jwks",
        "grades.csv",
    ];

    // Posts that come from the LMS's own pages, cross-site: no form of ours posts them and they
    // carry no antiforgery token on purpose (Features/Lti/LtiController: state and nonce instead).
    private static readonly string[] CrossSitePosts = ["lti/login", "lti/launch"];

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
        // An exam with an override and a course with a group: every calendar form shows.
        ["calendar/sets/{id:int}"] = $"/calendar/sets/{d.ExamSetId}",
        ["exam/sets/{id:int}/log"] = $"/exam/sets/{d.ExamSetId}/log",
        // Not a template of its own: the timed set's page, where the start form is.
        ["sets/{id:int} (timed)"] = $"/sets/{d.ExamSetId}",
        ["admin/lti"] = "/admin/lti",
        ["lti/courses/{courseId:int}/grades"] = $"/lti/courses/{d.CourseId}/grades",
        ["lti/courses/{courseId:int}/roster"] = $"/lti/courses/{d.CourseId}/roster",
        ["lti/courses/{courseId:int}/deep-link"] = $"/lti/courses/{d.CourseId}/deep-link?ticket={d.DeepLinkTicket}",
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
        ["sets/{id:int}/start"] = $"/sets/{d.ExamSetId}/start",
        ["sets/{id:int}/finish"] = $"/sets/{d.ExamSetId}/finish",
        ["sets/{id:int}/events"] = $"/sets/{d.ExamSetId}/events",
        ["calendar/sets/{id:int}/overrides"] = $"/calendar/sets/{d.ExamSetId}/overrides",
        ["calendar/sets/{id:int}/overrides/remove"] = $"/calendar/sets/{d.ExamSetId}/overrides/remove",
        ["calendar/sets/{id:int}/release"] = $"/calendar/sets/{d.ExamSetId}/release",
        ["calendar/courses/{courseId:int}/groups"] = $"/calendar/courses/{d.CourseId}/groups",
        ["calendar/courses/{courseId:int}/groups/members"] = $"/calendar/courses/{d.CourseId}/groups/members",
        ["admin/lti/platforms"] = "/admin/lti/platforms",
        ["admin/lti/platforms/remove"] = "/admin/lti/platforms/remove",
        ["admin/lti/keys/rotate"] = "/admin/lti/keys/rotate",
        ["lti/courses/{courseId:int}/grades/resend"] = $"/lti/courses/{d.CourseId}/grades/resend",
        ["lti/courses/{courseId:int}/roster"] = $"/lti/courses/{d.CourseId}/roster",
        ["lti/courses/{courseId:int}/deep-link"] = $"/lti/courses/{d.CourseId}/deep-link",
    };

    private sealed record SiteData(int CourseId, int SetId, int DraftSetId, int ExamSetId, int ProblemId, long WrongSubmissionId,
        TestUser Student, TestUser Ta, TestUser Instructor, TestUser Administrator, string DeepLinkTicket, TestUser InExam);

    // A course of its own: a published set whose problem has a hint and wrong answers (so the
    // hint, override and group-credit forms appear), and a draft set (so "Publish now" does).
    private async Task<SiteData> SiteDataAsync()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, DateTimeOffset.UtcNow.AddDays(7), 0.1, ("p1", 2));
        var (draftId, _) = await course.SetAsync(2, null, 0, ("q1", 1));
        var (examId, _) = await course.SetAsync(3, null, 0, ("x1", 1));
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
            var exam = await db.ProblemSets.SingleAsync(s => s.Id == examId);
            exam.IsExam = true;
            exam.TimeLimitMinutes = 30;
            var group = new StudentGroup { CourseId = course.CourseId, Name = "Extra time", ExtraTimePercent = 50, CreatedAt = DateTimeOffset.UtcNow };
            db.StudentGroups.Add(group);
            db.ScheduleOverrides.Add(new ScheduleOverride
            {
                ProblemSetId = examId, UserId = other.Id, TimeLimitMinutes = 45, Reason = "test", ByUserId = ta.Id, CreatedAt = DateTimeOffset.UtcNow,
            });
            db.TimedStarts.Add(new TimedStart { ProblemSetId = examId, UserId = other.Id, StartedAt = host.Clock.GetUtcNow() });
            // A student's report, so the review queue shows its "Resolved" form.
            db.ProblemReports.Add(new ProblemReport { ProblemId = problems[0], UserId = student.Id, Message = "broken?", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var ticket = await LtiDataAsync(course.CourseId, student, instructor);
        return new SiteData(course.CourseId, setId, draftId, examId, problems[0], wrong, student, ta, instructor,
            await host.CreateUserAsync(Roles.Administrator), ticket, other);
    }

    // The course linked to an LMS course (so the LTI grades page has a row and its resend forms),
    // the student known to the LMS, and a pending deep-linking choice of the instructor.
    private Task<string> LtiDataAsync(int courseId, TestUser student, TestUser instructor) => host.WithDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var issuer = "https://lms-" + Guid.NewGuid().ToString("N")[..8] + ".example.edu";
        var platform = new LtiPlatform
        {
            Issuer = issuer, ClientId = "client", AuthUrl = issuer + "/auth", TokenUrl = issuer + "/token", JwksUrl = issuer + "/jwks",
            CourseId = courseId, CreatedAt = now, Deployments = [new LtiDeployment { DeploymentId = "d1" }],
        };
        db.LtiPlatforms.Add(platform);
        await db.SaveChangesAsync();
        db.LtiContextLinks.Add(new LtiContextLink { PlatformId = platform.Id, DeploymentId = "d1", ContextId = "ctx", CourseId = courseId, CreatedAt = now });
        db.LtiUserLinks.Add(new LtiUserLink { PlatformId = platform.Id, Subject = "s1", UserId = student.Id, CreatedAt = now, LastLaunchAt = now });
        var ticket = new LtiTicket
        {
            Purpose = LtiTicketPurpose.DeepLink, Value = Guid.NewGuid().ToString("N"), PlatformId = platform.Id, UserId = instructor.Id,
            Payload = System.Text.Json.JsonSerializer.Serialize(new Features.Lti.DeepLinkRequest(courseId, "d1", issuer + "/return", null, true)),
            CreatedAt = now, ExpiresAt = now.AddHours(1),
        };
        db.LtiTickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Value;
    });
}
