using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Testing;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// Every page of the route table, as every role sees it, on a 390 px wide phone: the page never
// scrolls sideways (wide tables scroll inside their own box), the navigation folds behind a
// toggler that opens it, and axe-core (npm, injected by the test, never served by the site) finds
// no serious or critical WCAG violation. The pages come from the route table (SiteRoutes) and
// their route values from the endpoint's own ForCourse metadata, so a new page is walked without
// an edit here; one whose route value this cannot fill, or that no role can open, fails.
public sealed partial class PhoneAndAccessibilityTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    private const int PhoneWidth = 390;

    private static readonly string[] People =
        ["anonymous", "student1@demo.local", "ta@demo.local", "instructor@demo.local", "admin@demo.local"];

    // Reached only in an LMS's launch flow, with its one-time state, ticket or resume code: no
    // person opens them from a link of the site. LtiBrowserTests goes through them in that flow.
    private static readonly string[] OnlyFromAnLmsLaunch = ["lti/login", "lti/resume", "lti/courses/{courseId:int}/deep-link"];

    [Fact]
    public async Task EveryPage_OfEveryRole_FitsAPhone_FoldsItsNavigation_AndPassesAxe()
    {
        var values = await RouteValuesAsync();
        var pages = PageUrls(values, out var unfillable);
        Assert.True(unfillable.Count == 0, "pages whose route values the walk cannot fill: " + string.Join(", ", unfillable));

        var problems = new List<string>();
        var checkedTemplates = new HashSet<string>(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var counts = new StringBuilder("role\tpage\tcritical\tserious\tmoderate\tminor\n");
        var lesser = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var role in People)
            await Screenshots.RunAsync(site, output, $"{nameof(EveryPage_OfEveryRole_FitsAPhone_FoldsItsNavigation_AndPassesAxe)}-{role}", async page =>
            {
                await page.Context.RouteAsync("**/__axe/axe.min.js", r => r.FulfillAsync(new() { Path = AxePath, ContentType = "text/javascript" }));
                if (role != "anonymous") await Screenshots.SignInAsync(page, role);
                // The regrade job page exists once a staff member started a job, through its form.
                values.JobPath ??= role is "ta@demo.local" ? await StartRegradeAsync(page, values.ProblemId) : null;
                foreach (var (template, url) in pages)
                {
                    var target = template == "regrade/jobs/{jobId}" ? values.JobPath : url;
                    if (target is null) continue;
                    switch (await OpensAsync(page, template, target))
                    {
                        case Opens.Page: break;
                        case Opens.File: files.Add(template); continue;
                        case Opens.NotForThisRole: continue;
                    }
                    await page.GotoAsync(target);
                    checkedTemplates.Add(template);
                    var where = $"{role} {target}";
                    problems.AddRange((await OverflowAsync(page)).Select(o => $"{where}: wider than the phone: {o}"));
                    if (await NavigationProblemAsync(page) is { } nav) problems.Add($"{where}: {nav}");
                    var violations = await AxeAsync(page);
                    counts.Append(CultureInfo.InvariantCulture,
                        $"{role}\t{template}\t{Count(violations, "critical")}\t{Count(violations, "serious")}\t{Count(violations, "moderate")}\t{Count(violations, "minor")}\n");
                    foreach (var v in violations.Where(v => v.Impact is not ("serious" or "critical"))) lesser.Add($"{template}: {v.Impact} {v.Id} at {string.Join(" | ", v.Targets)}");
                    problems.AddRange(violations.Where(v => v.Impact is "serious" or "critical")
                        .Select(v => $"{where}: axe {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Targets)}"));
                    if (problems.Count > 0 && problems[^1].StartsWith(where, StringComparison.Ordinal))
                        await Screenshots.TakeAsync(page, $"FAILED-phone-{Slug(role)}-{Slug(template)}", always: true);
                }
            }, width: PhoneWidth);

        output.WriteLine("axe-core violations per page (390 px):");
        output.WriteLine(counts.ToString());
        output.WriteLine("moderate and minor findings (reported, not failed):");
        foreach (var l in lesser) output.WriteLine("  " + l);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "axe-counts.tsv"), counts.ToString());
        output.WriteLine("downloads, not pages: " + string.Join(", ", files.Order(StringComparer.Ordinal)));
        var neverOpened = pages.Keys.Except(checkedTemplates).Except(files).Except(OnlyFromAnLmsLaunch).Order(StringComparer.Ordinal).ToList();
        if (neverOpened.Count > 0) problems.Add("pages no role could open: " + string.Join(", ", neverOpened));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // A refused answer comes back in the box, marked invalid, described by its error, and focused.
    [Fact]
    public async Task Student_MalformedAnswerRefused_BoxIsInvalid_DescribedByTheError_AndFocused()
    {
        var student = await site.NewUserAsync(Data.Entities.Roles.Student, CourseRole.Student);
        var answers = await Answers.ForAsync(site, student, q => q.Where(p => p.ProblemSet.Key == "week-1" && p.Key == "chain-rule"));
        await Screenshots.RunAsync(site, output, nameof(Student_MalformedAnswerRefused_BoxIsInvalid_DescribedByTheError_AndFocused), async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.GotoAsync($"/problems/{answers.ProblemId}");
            var box = page.Locator("#answer");
            await Assertions.Expect(box).Not.ToHaveAttributeAsync("aria-invalid", "true");
            await box.PressSequentiallyAsync(answers.Malformed);
            await box.PressAsync("Enter");

            await Assertions.Expect(page.Locator("#submit-error")).ToContainTextAsync("This did not use an attempt.");
            await Assertions.Expect(box).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(box).ToHaveAttributeAsync("aria-describedby", new Regex(@"(^| )submit-error( |$)"));
            await Assertions.Expect(box).ToBeFocusedAsync();
            await Assertions.Expect(box).ToHaveValueAsync(answers.Malformed);
            await Screenshots.TakeAsync(page, "a11y-refused-answer");
        });
    }

    // A refused form: the first wrong field takes the focus and names its error; a refused
    // sign-in marks the e-mail field the same way.
    [Fact]
    public async Task RefusedForms_FocusTheFieldToCorrect_WhichNamesItsError() =>
        await Screenshots.RunAsync(site, output, nameof(RefusedForms_FocusTheFieldToCorrect_WhichNamesItsError), async page =>
        {
            await page.GotoAsync("/account/login");
            await Assertions.Expect(page.Locator("[aria-invalid], [data-focus-error]")).ToHaveCountAsync(0);
            await page.Locator("#Email").PressSequentiallyAsync("instructor@demo.local");
            await page.Locator("#Password").PressSequentiallyAsync("not-the-password");
            await page.Locator("#Password").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#login-error")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#Email")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#Email")).ToHaveAttributeAsync("aria-describedby", "login-error");
            await Assertions.Expect(page.Locator("#Email")).ToBeFocusedAsync();

            await Screenshots.SignInAsync(page, "instructor@demo.local");
            await page.GotoAsync($"/authoring/sets/{await SetIdAsync("week-4")}");
            await Screenshots.TypeOverAsync(page.Locator("#MaxAttempts"), "many");
            await Screenshots.TypeOverAsync(page.Locator("#DueAt"), "next Tuesday");
            await page.ClickAsync("#save-set");
            // The first field in the form's order, not the first one typed into.
            var due = page.Locator("#DueAt");
            await Assertions.Expect(due).ToBeFocusedAsync();
            await Assertions.Expect(due).ToHaveAttributeAsync("aria-invalid", "true");
            var describedBy = (await due.GetAttributeAsync("aria-describedby"))!.Split(' ');
            Assert.Contains("DueAt-error", describedBy);
            await Assertions.Expect(page.Locator("#DueAt-error")).ToHaveAttributeAsync("data-error-for", "DueAt");
            await Assertions.Expect(page.Locator("#MaxAttempts")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.Locator("#Title")).Not.ToHaveAttributeAsync("aria-invalid", "true");
            await Screenshots.TakeAsync(page, "a11y-refused-settings");
        });

    // A person who clicks into a field of the refused form and types while the page is still
    // arriving keeps the focus and every key: the first error takes the focus only if nothing
    // has it yet. The page's scripts are held back until the first keys are typed.
    [Fact]
    public async Task RefusedForm_TypedIntoBeforeItsScriptsArrived_KeepsTheFocusAndTheKeys() =>
        await Screenshots.RunAsync(site, output, nameof(RefusedForm_TypedIntoBeforeItsScriptsArrived_KeepsTheFocusAndTheKeys), async page =>
        {
            await Screenshots.SignInAsync(page, "instructor@demo.local");
            await page.GotoAsync($"/authoring/sets/{await SetIdAsync("week-4")}");
            await Screenshots.TypeOverAsync(page.Locator("#MaxAttempts"), "many");
            var typed = new TaskCompletionSource();
            await page.RouteAsync("**/js/site.js*", async route =>
            {
                await typed.Task;
                await route.ContinueAsync();
            });
            await page.ClickAsync("#save-set");
            await Assertions.Expect(page.Locator("#MaxAttempts")).ToHaveAttributeAsync("aria-invalid", "true");
            var title = page.Locator("#Title");
            var before = await title.InputValueAsync();
            await title.ClickAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.TypeAsync(" (draft");
            typed.SetResult();
            await page.WaitForLoadStateAsync(LoadState.Load);
            await page.Keyboard.TypeAsync(" 2)");
            await Assertions.Expect(title).ToBeFocusedAsync();
            await Assertions.Expect(title).ToHaveValueAsync(before + " (draft 2)");
            await Assertions.Expect(page.Locator("#MaxAttempts")).ToHaveValueAsync("many");
        });

    // The first Tab reaches "Skip to main content", which is shown when focused and moves the
    // keyboard past the navigation.
    [Fact]
    public async Task SkipLink_FirstTabStop_JumpsToTheContent() =>
        await Screenshots.RunAsync(site, output, nameof(SkipLink_FirstTabStop_JumpsToTheContent), async page =>
        {
            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync("/reports");
            var skip = page.Locator("a.skip-link");
            await Assertions.Expect(skip).Not.ToBeInViewportAsync();
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(skip).ToBeFocusedAsync();
            await Assertions.Expect(skip).ToBeInViewportAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();
            // The next Tab goes to the first link of the page itself, not the navigation.
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"));
        });

    // A fit problem's data on a phone: padded, ruled cells that read as separate numbers, and a
    // table that does not widen the page.
    [Fact]
    public async Task FitProblemData_IsATableWithPaddedCells_ThatFitsAPhone()
    {
        var problemId = await site.WithDbAsync(db => db.Problems.Where(p => p.ProblemSet.Key == "week-6" && p.Key == "fit-a-line").Select(p => p.Id).SingleAsync());
        await Screenshots.RunAsync(site, output, nameof(FitProblemData_IsATableWithPaddedCells_ThatFitsAPhone), async page =>
        {
            await Screenshots.SignInAsync(page, "student2@demo.local");
            await page.GotoAsync($"/problems/{problemId}");
            var cell = page.Locator("#statement table td").First;
            await Assertions.Expect(cell).ToBeVisibleAsync();
            var padding = await cell.EvaluateAsync<double[]>("td => { const s = getComputedStyle(td); return [parseFloat(s.paddingLeft), parseFloat(s.paddingRight), parseFloat(s.borderLeftWidth)]; }");
            Assert.True(padding[0] >= 8 && padding[1] >= 8, $"cell padding {padding[0]} / {padding[1]} px");
            Assert.True(padding[2] >= 1, "cells are not ruled");
            Assert.Empty(await OverflowAsync(page));
            await Screenshots.TakeElementAsync(page.Locator("#statement"), "a11y-fit-data-390");
        }, width: PhoneWidth);
    }

    // Times show in the viewer's zone (here India, UTC+5:30), with UTC on hover.
    [Fact]
    public async Task Student_SeesTheDeadlineInTheirOwnTimeZone()
    {
        var set = await site.WithDbAsync(db => db.ProblemSets.Where(s => s.Key == "week-1")
            .Select(s => new { s.DueAt, Problem = s.Problems.OrderBy(p => p.Position).Select(p => p.Id).First() }).SingleAsync());
        var due = set.DueAt!.Value;
        await Screenshots.RunAsync(site, output, nameof(Student_SeesTheDeadlineInTheirOwnTimeZone), async page =>
        {
            await Screenshots.SignInAsync(page, "student3@demo.local");
            var local = due.ToOffset(TimeSpan.FromHours(5.5));
            var time = page.Locator($"time[title='{due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC']").First;
            foreach (var path in new[] { "/", $"/problems/{set.Problem}" })
            {
                await page.GotoAsync(path);
                await Assertions.Expect(time).ToHaveAttributeAsync("data-localised", "1");
                await Assertions.Expect(time).ToContainTextAsync(local.ToString("h:mm", CultureInfo.InvariantCulture));
                await Assertions.Expect(time).ToContainTextAsync("GMT+5:30");
            }
        }, timezoneId: "Asia/Kolkata");
    }

    private Task<int> SetIdAsync(string key) => site.WithDbAsync(db => db.ProblemSets.Where(s => s.Key == key).Select(s => s.Id).SingleAsync());

    private static readonly string AxePath = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    private static int Count(IEnumerable<AxeViolation> violations, string impact) => violations.Count(v => v.Impact == impact);

    private enum Opens { Page, File, NotForThisRole }

    // A page of this role: an HTML page it may open, not a sign-in redirect, a refusal or a
    // download (the CSV and YAML exports); the error pages are pages whatever status they carry.
    private async Task<Opens> OpensAsync(IPage page, string template, string url)
    {
        var response = await page.Context.APIRequest.GetAsync(url, new() { MaxRedirects = 0 });
        var html = response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal);
        await response.DisposeAsync();
        return html && (response.Status == 200 || ErrorTemplates.Contains(template)) ? Opens.Page
            : response.Status == 200 ? Opens.File
            : Opens.NotForThisRole;
    }

    private HashSet<string> ErrorTemplates => SiteRoutes.Endpoints(site.Services.GetRequiredService<EndpointDataSource>())
        .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>()!.ControllerTypeInfo == typeof(Features.Errors.ErrorsController)
            || SiteRoutes.Template(e) == "account/denied")
        .Select(SiteRoutes.Template).ToHashSet(StringComparer.Ordinal);

    // Elements that reach past the right edge of the viewport while the page itself is wider than
    // it (inside a scrolling box they do not count: the box scrolls, the page does not).
    private static Task<string[]> OverflowAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
          const culprits = [...document.body.querySelectorAll('*')]
            .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
            .filter((el, _, all) => !all.includes(el.parentElement))
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
              + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)');
          return ['document ' + document.documentElement.scrollWidth + ' px wide', ...culprits];
        }
        """);

    // Signed in, the links fold behind the toggler on a phone; the toggler opens and closes them.
    private static async Task<string?> NavigationProblemAsync(IPage page)
    {
        var links = page.Locator("#site-nav");
        if (await page.Locator("#signed-in-as").CountAsync() == 0) return null;
        var toggler = page.Locator("button.navbar-toggler[aria-controls='site-nav']");
        if (!await toggler.IsVisibleAsync()) return "no navigation toggler on a phone";
        if (await links.IsVisibleAsync()) return "the navigation is open before the toggler is pressed";
        await toggler.ClickAsync();
        if (!await links.IsVisibleAsync() || await toggler.GetAttributeAsync("aria-expanded") != "true")
            return "the toggler does not open the navigation";
        if ((await OverflowAsync(page)).Length > 0) return "the opened navigation is wider than the phone";
        await toggler.ClickAsync();
        return await links.IsVisibleAsync() ? "the toggler does not close the navigation" : null;
    }

    public sealed record AxeViolation(string Id, string Impact, string Help, string[] Targets);

    // axe-core from the npm package, loaded as a script of the page's own origin (the route above
    // answers it from the file), so the site's CSP stays on while it runs.
    private async Task<List<AxeViolation>> AxeAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Url = site.BaseAddress + "__axe/axe.min.js" });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact || 'minor', help: v.help,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<List<AxeViolation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static async Task<string> StartRegradeAsync(IPage page, int problemId)
    {
        await page.GotoAsync($"/regrade/problems/{problemId}");
        await page.ClickAsync("#start-regrade");
        // Until the job has finished its page reloads itself every 2 s, which could land in the
        // middle of the walk's checks of that page: the TA watches it finish first.
        await Assertions.Expect(page.Locator("#regrade-state")).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 60_000 });
        return new Uri(page.Url).AbsolutePath;
    }

    private sealed class RouteValues
    {
        public required int CourseId { get; init; }
        public required int SetId { get; init; }
        public required int ProblemId { get; init; }
        public required long SubmissionId { get; init; }
        public required string StudentId { get; init; }
        public string? JobPath { get; set; }
    }

    // The seeded course, its first week and that week's first problem, with the demo student's
    // history (so the review and statistics pages have attempts to show).
    private async Task<RouteValues> RouteValuesAsync()
    {
        var studentId = await site.UserIdAsync("student1@demo.local");
        return await site.WithDbAsync(async db =>
        {
            var submission = await db.Submissions.Where(s => s.UserId == studentId).OrderBy(s => s.Problem.ProblemSet.Week)
                .ThenBy(s => s.Problem.Position).Select(s => new { s.Id, s.ProblemId, s.Problem.ProblemSetId, s.Problem.ProblemSet.CourseId }).FirstAsync();
            return new RouteValues
            {
                CourseId = submission.CourseId, SetId = submission.ProblemSetId, ProblemId = submission.ProblemId,
                SubmissionId = submission.Id, StudentId = studentId,
            };
        });
    }

    // template -> URL of every GET page of the route table; the regrade job's comes later.
    private Dictionary<string, string> PageUrls(RouteValues v, out List<string> unfillable)
    {
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        unfillable = [];
        foreach (var endpoint in SiteRoutes.Endpoints(site.Services.GetRequiredService<EndpointDataSource>()).Where(e => SiteRoutes.Accepts(e, "GET")))
        {
            var template = SiteRoutes.Template(endpoint);
            var forCourse = endpoint.Metadata.GetMetadata<ForCourseAttribute>();
            var unknown = false;
            var path = ParameterPattern().Replace(template, m =>
            {
                var name = m.Groups["name"].Value;
                var value = forCourse?.RouteKey == name
                    ? forCourse.Resource switch
                    {
                        CourseResource.Course => v.CourseId.ToString(CultureInfo.InvariantCulture),
                        CourseResource.Set => v.SetId.ToString(CultureInfo.InvariantCulture),
                        CourseResource.Problem => v.ProblemId.ToString(CultureInfo.InvariantCulture),
                        CourseResource.Submission => v.SubmissionId.ToString(CultureInfo.InvariantCulture),
                        CourseResource.RegradeJob => "job",
                    }
                    : name switch
                    {
                        "userId" => v.StudentId,
                        "code" => "404",
                        _ => null,
                    };
                unknown |= value is null;
                return Uri.EscapeDataString(value ?? "");
            });
            if (unknown) unfillable.Add(template);
            else urls[template] = "/" + path;
        }
        return urls;
    }

    private static string Slug(string s) => SlugPattern().Replace(s, "-").Trim('-');

    [GeneratedRegex(@"\{\**(?<name>\w+)(:[^}?]*)?\??\}")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex SlugPattern();
}
