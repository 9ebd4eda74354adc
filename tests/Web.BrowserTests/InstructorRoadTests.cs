using System.Text.RegularExpressions;
using GraderHub.Data.Entities;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// An instructor's road besides writing a problem (AuthoringBrowserTests): the course overview,
// a set's settings with a mistake first, export and import of a set, unpublishing, the job
// dashboard; and what a student then sees.
public sealed partial class InstructorRoadTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    private const string Instructor = "instructor@demo.local";

    [Fact]
    public async Task Instructor_OpensCourseOverviewAndJobDashboard() =>
        await Screenshots.RunAsync(site, output, nameof(Instructor_OpensCourseOverviewAndJobDashboard), async page =>
        {
            await Screenshots.SignInAsync(page, Instructor);
            await page.ClickAsync("nav >> text=Course");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Course overview");
            await Assertions.Expect(page.Locator("td", new() { HasText = "Week 1: Derivatives" })).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "instructor");

            // Hangfire's dashboard renders through the site (its own scripts and styles load).
            await page.ClickAsync("a:text-is('Grading jobs')");
            await Assertions.Expect(page.Locator("#stats, .js-page-container").First).ToBeVisibleAsync();
            await page.ClickAsync("a[href$='/hangfire/recurring']");
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("recover-submissions");
            await Screenshots.TakeAsync(page, "hangfire");
        });

    [Fact]
    public async Task Instructor_ChangesSetSettings_AfterAMistake_StudentSeesTheNewRules()
    {
        var student = await site.NewUserAsync(Roles.Student, CourseRole.Student);
        await Screenshots.RunAsync(site, output, nameof(Instructor_ChangesSetSettings_AfterAMistake_StudentSeesTheNewRules), async page =>
        {
            await Screenshots.SignInAsync(page, Instructor);
            await page.ClickAsync("nav a[href='/authoring']");
            await page.ClickAsync("[data-set-key='week-3'] a");
            await Screenshots.TypeOverAsync(page.Locator("#DueAt"), "2099-13-01 10:00");
            await Screenshots.TypeOverAsync(page.Locator("#LatePenaltyPercent"), "5");
            await Screenshots.TypeOverAsync(page.Locator("#MaxAttempts"), "3");
            await page.ClickAsync("#save-set");
            await Assertions.Expect(page.Locator("[data-error-for='DueAt']")).ToBeVisibleAsync();
            // Nothing typed is lost: the other fields keep what was entered.
            await Assertions.Expect(page.Locator("#MaxAttempts")).ToHaveValueAsync("3");
            await Screenshots.TakeAsync(page, "instructor-settings-error");

            await Screenshots.TypeOverAsync(page.Locator("#DueAt"), "2099-12-01 10:00");
            await page.ClickAsync("#save-set");
            await Assertions.Expect(page.Locator("#message")).ToBeVisibleAsync();
            await page.ClickAsync(".breadcrumb a[href='/authoring']");
            var row = page.Locator("[data-set-key='week-3']");
            // Shown in the viewer's zone, the UTC time on hover.
            await Assertions.Expect(row.Locator("time[title='2099-12-01 10:00 UTC']")).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToContainTextAsync("5%/day");
            await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("3");
        });
        await Screenshots.RunAsync(site, output, nameof(Instructor_ChangesSetSettings_AfterAMistake_StudentSeesTheNewRules) + "-student", async page =>
        {
            await Screenshots.SignInAsync(page, student);
            await page.ClickAsync("[data-set-key='week-3']");
            await page.Locator(".list-group [data-problem-key]").First.ClickAsync();
            await Assertions.Expect(page.Locator("#due-note time[title='2099-12-01 10:00 UTC']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#due-note")).ToContainTextAsync("; later answers lose 5% per started day");
            await Assertions.Expect(page.Locator("#answer-form")).ToContainTextAsync("3 attempts left.");
        });
    }

    [Fact]
    public async Task Instructor_ExportsASet_ImportsItBack_AfterABrokenFile_ThenPublishesAndUnpublishes()
    {
        var key = "imported-" + Guid.NewGuid().ToString("N")[..6];
        var folder = Directory.CreateTempSubdirectory("graderhub-import-").FullName;
        try
        {
            await Screenshots.RunAsync(site, output, nameof(Instructor_ExportsASet_ImportsItBack_AfterABrokenFile_ThenPublishesAndUnpublishes), async page =>
            {
                await Screenshots.SignInAsync(page, Instructor);
                await page.ClickAsync("nav a[href='/authoring']");
                // Counted once, so on the whole page, not the rows that had arrived.
                await Screenshots.FollowAsync(page, "[data-set-key='week-2'] a");
                var problems = await page.Locator("tr[data-problem-key]").CountAsync();
                var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
                Assert.Equal("week-2.yaml", download.SuggestedFilename);
                var exported = Path.Combine(folder, "week-2.yaml");
                await download.SaveAsAsync(exported);
                var yaml = await File.ReadAllTextAsync(exported);
                Assert.Matches("(?m)^key: \"?week-2\"?$", yaml);

                // The same set under a new key; first a copy with a broken line.
                var copy = KeyLine().Replace(yaml, $"key: \"{key}\"", 1).Replace("title: \"Week 2:", "title: \"Imported week 2:", StringComparison.Ordinal);
                var broken = Path.Combine(folder, "broken.yaml");
                await File.WriteAllTextAsync(broken, copy.Replace("problems:", "problems: [", StringComparison.Ordinal));
                var good = Path.Combine(folder, key + ".yaml");
                await File.WriteAllTextAsync(good, copy);

                await page.ClickAsync(".breadcrumb a[href='/authoring']");
                await page.ClickAsync("a:text-is('Import a set')");
                await page.Locator("#file").SetInputFilesAsync(broken);
                await page.ClickAsync("#import-button");
                await Assertions.Expect(page.Locator("#import-errors .import-error").First).ToContainTextAsync("Line ");
                await Screenshots.TakeAsync(page, "instructor-import-error");

                await page.Locator("#file").SetInputFilesAsync(good);
                await page.ClickAsync("#import-button");
                await Assertions.Expect(page.Locator("#set-state")).ToHaveTextAsync("Draft");
                await Assertions.Expect(page.Locator("tr[data-problem-key]")).ToHaveCountAsync(problems);

                // An imported problem edited in place: a new version, the title shown on the set.
                var firstProblem = page.Locator("tr[data-problem-key] a").First;
                // The spec is read once from the textarea: from the whole page, not the part of it
                // that had arrived.
                await Screenshots.FollowAsync(firstProblem);
                var spec = await page.Locator("#yaml").InputValueAsync();
                // Typed into the code editor as a person would: select all, then the edited text.
                var edited = TitleLine().Replace(spec, "title: Edited after import", 1);
                await page.Locator(".cm-content").ClickAsync();
                await page.Keyboard.PressAsync("Control+a");
                await page.Keyboard.InsertTextAsync(edited);
                await Assertions.Expect(page.Locator("#yaml")).ToHaveValueAsync(edited);
                await page.ClickAsync("#save-button");
                await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Saved as version 2.");
                await page.ClickAsync($".breadcrumb a[href^='/authoring/sets/']");
                await Assertions.Expect(page.Locator("tr[data-problem-key]").First).ToContainTextAsync("Edited after import");

                // Publishing asks first, with what the self-tests found.
                await page.ClickAsync("#publish");
                await Assertions.Expect(page.Locator("#publish-summary")).ToContainTextAsync("every one passes");
                await page.ClickAsync("#confirm-publish");
                await Assertions.Expect(page.Locator("#set-state")).ToHaveTextAsync("Published");
                await page.ClickAsync("#unpublish");
                await Assertions.Expect(page.Locator("#set-state")).ToHaveTextAsync("Draft");
                await page.ClickAsync(".breadcrumb a[href='/authoring']");
                await Assertions.Expect(page.Locator($"[data-set-key='{key}']")).ToContainTextAsync("Draft");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex("(?m)^title: .*$")]
    private static partial Regex TitleLine();

    [GeneratedRegex("(?m)^key: .*$")]
    private static partial Regex KeyLine();
}
