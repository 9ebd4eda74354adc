using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// Issue 11, item 3: the strict CSP in a real browser. Each role walks the pages it can reach
// (following the site's own links from the dashboard, as a person clicking around would) and
// the test fails on any console message about a Content Security Policy violation, while the
// math in statements and previews still renders with KaTeX.
public sealed class SecurityBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    private const int MaxPagesPerRole = 40;

    public static TheoryData<string?> Roles() => [null, "student2@demo.local", "ta@demo.local", "instructor@demo.local"];

    [Theory, MemberData(nameof(Roles))]
    public async Task EveryReachablePage_LogsNoCspViolation(string? email)
    {
        var name = "csp-" + (email?.Split('@')[0] ?? "anonymous");
        await Screenshots.RunAsync(site, output, name, async page =>
        {
            var violations = new List<string>();
            page.Console += (_, msg) =>
            {
                if (msg.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                    || msg.Text.Contains("Refused to", StringComparison.Ordinal))
                    violations.Add($"{page.Url}: {msg.Text}");
            };
            page.PageError += (_, error) => violations.Add($"{page.Url}: script error {error}");

            if (email is null) await page.GotoAsync("/account/login");
            else await Screenshots.SignInAsync(page, email);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var visited = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>([new Uri(page.Url).PathAndQuery]);
            while (queue.Count > 0 && visited.Count < MaxPagesPerRole)
            {
                var path = queue.Dequeue();
                if (!visited.Add(path)) continue;
                var response = await page.GotoAsync(path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                Assert.NotEqual(500, response?.Status ?? 0);
                if (page.Url.Contains("/problems/", StringComparison.Ordinal) && await page.Locator("#answer").CountAsync() > 0)
                {
                    // The live preview: a fetch to the API, then KaTeX (or the error) written into the page.
                    await page.FillAsync("#answer", "2x cos(x^2)");
                    await Assertions.Expect(page.Locator("#preview:not([data-state='empty'])")).ToBeVisibleAsync();
                }
                foreach (var href in await page.Locator("a[href^='/']").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))"))
                    if (Followable(href) && !visited.Contains(href)) queue.Enqueue(href);
            }
            output.WriteLine($"{name}: {visited.Count} pages: {string.Join(" ", visited)}");
            Assert.True(visited.Count >= (email is null ? 1 : 3), "too few pages reached: " + string.Join(" ", visited));
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        });
    }

    // Downloads and state-changing links are not pages; one problem set per week is enough.
    private static bool Followable(string href) =>
        !href.Contains("/export", StringComparison.Ordinal) && !href.EndsWith(".csv", StringComparison.Ordinal)
        && !href.Contains("/logout", StringComparison.Ordinal) && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.Contains("/hangfire/", StringComparison.Ordinal);

    [Fact]
    public async Task ProblemPage_MathStillRendersUnderTheCsp_Screenshot()
    {
        await Screenshots.RunAsync(site, output, nameof(ProblemPage_MathStillRendersUnderTheCsp_Screenshot), async page =>
        {
            await Screenshots.SignInAsync(page, "student4@demo.local");
            await page.ClickAsync("[data-set-key='week-1']");
            await page.ClickAsync("[data-problem-key='chain-rule']");
            await Assertions.Expect(page.Locator("#statement .katex").First).ToBeVisibleAsync();
            // KaTeX's own layout (fractions, exponents) is there, not the raw TeX.
            await Assertions.Expect(page.Locator("#statement")).Not.ToContainTextAsync("\\(", new() { UseInnerText = true });
            var path = await Screenshots.TakeAsync(page, "csp-katex-statement", always: true);
            output.WriteLine($"screenshot: {path}");
        });
    }

    [Fact]
    public async Task RealKestrel_SendsTheSecurityHeaders_AndNoServerHeader()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };

        foreach (var path in new[] { "/account/login", "/health", "/", "/lib/katex/katex.min.js", "/no-such-page" })
        {
            var response = await http.GetAsync(path);
            Assert.False(response.Headers.Contains("Server"), $"{path}: Server: {string.Join(",", response.Headers.TryGetValues("Server", out var s) ? s : [])}");
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
            // Development over plain http: no HSTS (it would stick to localhost in the browser).
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), path);
        }
        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("{\"status\":\"Healthy\"}", await health.Content.ReadAsStringAsync());
    }
}
