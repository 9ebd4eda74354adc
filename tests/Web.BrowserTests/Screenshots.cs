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

    // Runs a browser scenario on a fresh page; a failing run leaves a screenshot of what the
    // browser showed and says where it is.
    public static async Task RunAsync(SiteFixture site, ITestOutputHelper output, string name, Func<IPage, Task> scenario)
    {
        var page = await site.Browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = site.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
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
            await page.CloseAsync();
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
