using GraderHub.Data.Entities;
using GraderHub.Tests.Shared;
using GraderHub.Web.Features.Authoring;
using GraderHub.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// A question pool as people meet it: two students each find their own problem in the pool's
// slot, one tries the other's problem address and sees the not-found page, and a TA sees in the
// set's gradebook which problem each student drew, and in its statistics how many drew each.
public sealed class PoolBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task TwoStudents_EachSeeTheirDraw_TheOthersProblemIsNotFound_AndTheTaSeesTheDraws()
    {
        var key = "pool-" + Guid.NewGuid().ToString("N")[..8];
        var yaml = PoolSets.Yaml(key, 7);
        var (setId, ids) = await ImportPublishedAsync(yaml);
        // Students until one drew each member (each draws one of two).
        var drew = new Dictionary<string, string>();
        for (var i = 0; i < 16 && drew.Count < 2; i++)
        {
            var email = await site.NewUserAsync(Roles.Student, CourseRole.Student);
            drew.TryAdd(Pools.Drawn(await site.UserIdAsync(email), key, PoolSets.Pool, ["cube", "fourth"]), email);
        }

        await Screenshots.RunAsync(site, output, nameof(TwoStudents_EachSeeTheirDraw_TheOthersProblemIsNotFound_AndTheTaSeesTheDraws), async page =>
        {
            foreach (var (mine, other) in new[] { ("cube", "fourth"), ("fourth", "cube") })
            {
                await Screenshots.SignInAsync(page, drew[mine]);
                await Screenshots.FollowAsync(page, $"a[href='/sets/{setId}']");
                await Assertions.Expect(page.Locator($"[data-problem-key='{mine}']")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator($"[data-problem-key='{other}']")).ToHaveCountAsync(0);
                await page.ClickAsync($"[data-problem-key='{mine}']");
                await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"Pool member {mine}");
                await Screenshots.TakeAsync(page, "pool-" + mine);
                await page.Context.ClearCookiesAsync();
            }

            // The cube student types the other problem's address.
            await Screenshots.SignInAsync(page, drew["cube"]);
            var response = await page.GotoAsync($"/problems/{ids["fourth"]}");
            Assert.Equal(404, response?.Status);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("There is nothing at this address.");
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Pool member fourth");
            await Screenshots.TakeAsync(page, "pool-other-not-found");
            await page.Context.ClearCookiesAsync();

            await Screenshots.SignInAsync(page, "ta@demo.local");
            await page.GotoAsync($"/reports/sets/{setId}?q={Uri.EscapeDataString(drew["cube"])}");
            await Assertions.Expect(page.Locator($"tr[data-student='{drew["cube"]}'] [data-drawn]")).ToHaveTextAsync("cube");
            await page.GotoAsync($"/reports/sets/{setId}?q={Uri.EscapeDataString(drew["fourth"])}");
            await Assertions.Expect(page.Locator($"tr[data-student='{drew["fourth"]}'] [data-drawn]")).ToHaveTextAsync("fourth");
            await Screenshots.TakeAsync(page, "pool-gradebook");

            // The set's problem statistics say how many students drew each member (each was
            // drawn by at least the student above), and nothing of the sort for the warm-up.
            await Screenshots.FollowAsync(page, "#problem-stats");
            foreach (var member in new[] { "cube", "fourth" })
            {
                var drawn = page.Locator($"[data-problem-key='{member}'] [data-stat='drawn']");
                await Assertions.Expect(drawn).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
            }
            await Assertions.Expect(page.Locator("[data-problem-key='warmup'] [data-stat='drawn']")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "pool-statistics");
        });
    }

    private async Task<(int SetId, Dictionary<string, int> Ids)> ImportPublishedAsync(string yaml)
    {
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraderHub.Data.GraderHubDbContext>();
        var course = await db.Courses.OrderBy(c => c.Id).FirstAsync();
        var imported = Assert.IsType<ImportOutcome.Imported>(await new SetTransfer(db, TimeProvider.System).ImportAsync(course.Id, yaml, "pool.yaml", "test", default));
        var set = await db.ProblemSets.Include(s => s.Problems).SingleAsync(s => s.Id == imported.SetId);
        set.IsPublished = true;
        await db.SaveChangesAsync();
        return (set.Id, set.Problems.ToDictionary(p => p.Key, p => p.Id));
    }
}
