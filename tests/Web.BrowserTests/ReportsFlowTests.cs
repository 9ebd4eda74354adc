using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// The TA's way through the reports on the demo course (Development seeds a graded history):
// the week-1 gradebook with its histogram, then the problem statistics with the weakest problem
// and its commonest wrong answer.
[Collection(SiteCollection.Name)]
public sealed class ReportsFlowTests(SiteFixture site, ITestOutputHelper output)
{
    [Fact]
    public async Task Ta_OpensWeek1Report_SeesHistogramAndWeakestProblem()
    {
        var page = await site.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = site.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#Email", "ta@demo.local");
            await page.FillAsync("#Password", "GraderHub-demo-1");
            await page.ClickAsync("button[type=submit]");
            await page.ClickAsync("nav a[href='/reports']");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Reports");

            await page.ClickAsync("a:has-text('Week 1')");
            var histogram = page.Locator("#totals-histogram svg.histogram");
            await Assertions.Expect(histogram).ToBeVisibleAsync();
            // Five demo students with a history: the bars count all of them.
            var counts = await histogram.Locator("rect.bar").EvaluateAllAsync<int[]>("bars => bars.map(b => +b.dataset.count)");
            Assert.Equal(5, counts.Sum());
            Assert.Equal(5, await page.Locator("#gradebook tbody tr").CountAsync());
            await Screenshots.TakeAsync(page, "report-gradebook");

            await page.ClickAsync("#problem-stats");
            var weakest = page.Locator("section.problem-stats[data-weakest='true']");
            await Assertions.Expect(weakest).ToHaveCountAsync(1);
            await Assertions.Expect(weakest.Locator("svg.histogram")).ToBeVisibleAsync();
            await Assertions.Expect(weakest.Locator("table.wrong-answers tbody tr").First).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "report-problems");
        }
        catch
        {
            var path = await Screenshots.TakeAsync(page, "FAILED-" + nameof(Ta_OpensWeek1Report_SeesHistogramAndWeakestProblem), always: true);
            output.WriteLine($"Screenshot of the failure: {path}");
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
