using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

public static class Screenshots
{
    // Screenshots for review go to GRADERHUB_SCREENSHOTS when set; failures always leave one.
    public static async Task<string?> TakeAsync(IPage page, string name, bool always = false)
    {
        var folder = Environment.GetEnvironmentVariable("GRADERHUB_SCREENSHOTS");
        if (folder is null && !always) return null;
        folder ??= Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    // One part of a long page, for review only (GRADERHUB_SCREENSHOTS set).
    public static async Task TakeElementAsync(ILocator element, string name)
    {
        if (Environment.GetEnvironmentVariable("GRADERHUB_SCREENSHOTS") is not { } folder) return;
        Directory.CreateDirectory(folder);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, $"{name}.png") });
    }

    // Runs a browser scenario on a fresh page (its own context: cookies, viewport width, time
    // zone); a failing run leaves a screenshot of what the browser showed and says where it is.
    public static async Task RunAsync(SiteFixture site, ITestOutputHelper output, string name, Func<IPage, Task> scenario,
        int width = 1280, string? timezoneId = null)
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = 900 },
            TimezoneId = timezoneId,
        });
        var page = await context.NewPageAsync();
        try
        {
            await scenario(page);
        }
        catch
        {
            var path = await TakeAsync(page, "FAILED-" + name, always: true);
            output.WriteLine($"Screenshot of the failure: {path}");
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", "GraderHub-demo-1");
        await page.ClickAsync("button[type=submit]");
    }
}
