using Microsoft.Playwright;

namespace GraderHub.Web.BrowserTests;

// One Chromium for the whole test assembly (starting one costs about a second per class, and
// each test gets its own context, so nothing leaks between tests). Debian's Chromium, at
// CHROMIUM_PATH or /usr/bin/chromium, the path .ci/run installs and checks.
public static class BrowserHost
{
    private static readonly Lazy<Task<(IPlaywright, IBrowser)>> Instance = new(StartAsync);

    public static async Task<IBrowser> BrowserAsync() => (await Instance.Value).Item2;

    // How long an expectation waits for the page to show what it should. Playwright's default
    // is 5 s, a sixth of what its actions wait (30 s), while an expectation after a click waits
    // for the same server work (the next page, a grade through the queue). CI runs this suite on
    // 2 cores beside the site tests. A passing expectation returns as soon as the page shows it,
    // so this costs nothing then; only a failure takes longer to report.
    private const float ExpectTimeoutMs = 15_000;

    private static async Task<(IPlaywright, IBrowser)> StartAsync()
    {
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // The test host ends with the process: close Chromium with it rather than leave it behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().Wait(TimeSpan.FromSeconds(5));
            playwright.Dispose();
        };
        return (playwright, browser);
    }
}
