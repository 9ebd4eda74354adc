using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

[Collection(SiteCollection.Name)]
public sealed class StaffFlowTests(SiteFixture site, ITestOutputHelper output)
{
    [Fact]
    public async Task Instructor_OpensCourseOverviewAndJobDashboard() =>
        await Screenshots.RunAsync(site, output, nameof(Instructor_OpensCourseOverviewAndJobDashboard), async page =>
        {
            await Screenshots.SignInAsync(page, "instructor@demo.local");
            await page.ClickAsync("nav >> text=Course");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Course overview");
            await Assertions.Expect(page.Locator("td", new() { HasText = "Week 1: Derivatives" })).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "instructor");

            // Hangfire's dashboard renders through the site (its own scripts and styles load).
            var response = await page.GotoAsync("/hangfire");
            Assert.Equal(200, response?.Status);
            await Assertions.Expect(page.Locator("#stats, .js-page-container").First).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "hangfire");
        });

    [Fact]
    public async Task Student_OpeningStaffPage_SeesNotAllowed() =>
        await Screenshots.RunAsync(site, output, nameof(Student_OpeningStaffPage_SeesNotAllowed), async page =>
        {
            await Screenshots.SignInAsync(page, "student4@demo.local");
            var response = await page.GotoAsync("/instructor");
            Assert.Equal(403, response?.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This page is not open to your account");
            await Screenshots.TakeAsync(page, "denied");
        });
}
