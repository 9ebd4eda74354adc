using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// Courses are sealed from each other, and the job dashboard is for watching unless one operates it.
public sealed class CourseIsolationBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task TAOfAnotherCourse_OpensACourse1ProblemUrl_SeesTheNotFoundPage() =>
        await Screenshots.RunAsync(site, output, nameof(TAOfAnotherCourse_OpensACourse1ProblemUrl_SeesTheNotFoundPage), async page =>
        {
            var email = await TaOfANewCourseAsync();
            var problem = await site.WithDbAsync(db => db.Problems
                .Where(p => p.ProblemSet.Course.Code == SeedLoader.CourseCode && p.ProblemSet.IsPublished)
                .OrderBy(p => p.Id).Select(p => new { p.Id, p.Title }).FirstAsync());

            await Screenshots.SignInAsync(page, email);
            await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(email);
            var response = await page.GotoAsync($"/problems/{problem.Id}");

            Assert.Equal(404, response?.Status);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("There is nothing at this address.");
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(problem.Title);
            await Screenshots.TakeAsync(page, "other-course-ta-not-found");

            // Their own dashboard lists none of course 1's sets either.
            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Week 1: Derivatives");
        });

    [Fact]
    public async Task JobDashboard_InstructorWatches_AdministratorOperates() =>
        await Screenshots.RunAsync(site, output, nameof(JobDashboard_InstructorWatches_AdministratorOperates), async page =>
        {
            await Screenshots.SignInAsync(page, "instructor@demo.local");
            await page.ClickAsync("nav >> text=Jobs");
            await page.GotoAsync("/hangfire/recurring");
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("recover-submissions");
            await Assertions.Expect(page.Locator("button.js-jobs-list-command")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "hangfire-instructor-read-only");

            await page.GotoAsync("/");
            await page.ClickAsync("text=Sign out");
            await Screenshots.SignInAsync(page, "admin@demo.local");
            await page.ClickAsync("nav >> text=Jobs");
            await page.GotoAsync("/hangfire/recurring");
            await Assertions.Expect(page.Locator("button.js-jobs-list-command").First).ToBeVisibleAsync();
            // Deleting the sweep from the dashboard is refused; it stays listed.
            await page.CheckAsync("input.js-jobs-list-checkbox[value='recover-submissions']");
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            // The dashboard's script posts the command after the confirmation: wait for its answer
            // before reloading, or the reload could cancel the post and the job stay listed
            // because nothing was asked.
            var removal = await page.RunAndWaitForResponseAsync(
                () => page.ClickAsync("button.js-jobs-list-command[data-url$='/recurring/remove']"),
                r => r.Url.EndsWith("/hangfire/recurring/remove", StringComparison.Ordinal));
            Assert.False(removal.Ok, $"removing the sweep was answered {removal.Status}");
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("recover-submissions");
            await Screenshots.TakeAsync(page, "hangfire-admin");
        });

    private async Task<string> TaOfANewCourseAsync()
    {
        var email = $"ta-{Guid.NewGuid():N}@elsewhere.test";
        using var scope = site.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "TA elsewhere" };
        Assert.True((await users.CreateAsync(user, "GraderHub-demo-1")).Succeeded);
        await site.WithDbAsync(async db =>
        {
            var course = new Course { Code = "OTHER-" + Guid.NewGuid().ToString("N")[..8], Title = "Another course", CreatedAt = DateTimeOffset.UtcNow };
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = user.Id, Role = CourseRole.TA, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        return email;
    }
}
