using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

public static class Screenshots
{
    // Screenshots for review go to GRADERHUB_SCREENSHOTS when set; failures always leave one,
    // with the page's HTML beside it.
    public static async Task<string?> TakeAsync(IPage page, string name, bool always = false)
    {
        var folder = Environment.GetEnvironmentVariable("GRADERHUB_SCREENSHOTS");
        if (folder is null && !always) return null;
        folder ??= Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (always) await File.WriteAllTextAsync(Path.ChangeExtension(path, ".html"), await page.ContentAsync());
        return path;
    }

    // One part of a long page, for review only (GRADERHUB_SCREENSHOTS set).
    public static async Task TakeElementAsync(ILocator element, string name)
    {
        if (Environment.GetEnvironmentVariable("GRADERHUB_SCREENSHOTS") is not { } folder) return;
        Directory.CreateDirectory(folder);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, $"{name}.png") });
    }

    // Runs a browser scenario in a fresh context (its own cookies, viewport width and time zone);
    // a failing run leaves a screenshot and the HTML of what the browser showed and says where they are.
    public static async Task RunAsync(SiteFixture site, ITestOutputHelper output, string name, Func<IPage, Task> scenario,
        int width = 1280, string? timezoneId = null)
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = 900 },
            TimezoneId = timezoneId,
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        try
        {
            await scenario(page);
        }
        catch
        {
            var path = await TakeAsync(page, "FAILED-" + name, always: true);
            output.WriteLine($"Screenshot and HTML of the failure: {path} (.html beside it); the page was {page.Url}");
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
        await page.Locator("#Email").PressSequentiallyAsync(email);
        await page.Locator("#Password").PressSequentiallyAsync(SiteFixture.Password);
        await page.Locator("#Password").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(email);
    }

    // Follows a link or submits a form, and returns once the next page has loaded: its lists
    // are complete and its scripts have run, as a person reads a page or uses it once it is
    // there. ClickAsync alone returns when the navigation has committed, while the new page may
    // still be arriving: what is then read once (a count, a list, the address) can be half a page,
    // and what is expected to be absent may only not have arrived yet (the check passes at once).
    public static Task FollowAsync(IPage page, string selector) =>
        ArriveAsync(page, () => page.ClickAsync(selector));

    public static Task FollowAsync(ILocator target) =>
        ArriveAsync(target.Page, () => target.ClickAsync());

    // The page being left is marked, and the next one is there when the browser shows a document
    // without the mark whose readyState is "complete", asked of the page itself. Waiting for the
    // "load" lifecycle event instead once hung for 30 s on a CI machine with both cores busy: the
    // new page had loaded (network idle was reported) but the event never reached the wait.
    private static async Task ArriveAsync(IPage page, Func<Task> click)
    {
        await page.EvaluateAsync("() => { window.__graderhubLeaving = true; }");
        await click();
        await page.WaitForFunctionAsync(
            "() => window.__graderhubLeaving !== true && document.readyState === 'complete'",
            null, new PageWaitForFunctionOptions { PollingInterval = 50 });
    }

    // Select what is in the box and type over it, as a person correcting an answer does.
    public static async Task TypeOverAsync(ILocator box, string text)
    {
        await box.PressAsync("Control+A");
        await box.PressAsync("Delete");
        await box.PressSequentiallyAsync(text);
    }
}
