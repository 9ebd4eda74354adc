using System.Globalization;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Authoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

public sealed class AuthoringBrowserTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    [Fact]
    public async Task Instructor_AuthorsPreviewsWithTwoSeedsAndPublishes_StudentSeesIt()
    {
        var key = "browser-" + Guid.NewGuid().ToString("N")[..8];
        var (seedA, seedB) = TwoSeedsWithDifferentReferences();
        var options = new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 1000 } };
        var context = await site.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        try
        {
            await SignInAsync(page, "instructor@demo.local");
            await page.GotoAsync("/authoring");
            await Assertions.Expect(page.Locator("[data-set-key='week-1']")).ToBeVisibleAsync();

            await page.ClickAsync("#new-set");
            await page.FillAsync("#Key", key);
            await page.FillAsync("#Title", "Week 7: Browser practice");
            await page.FillAsync("#Week", "7");
            await page.ClickAsync("#save-set");
            await Assertions.Expect(page.Locator("#set-state")).ToHaveTextAsync("Draft");

            await page.ClickAsync("#new-problem");
            // A typo first: the error names its line and the key it meant.
            await page.FillAsync("#yaml", ProblemEditor.Template.Replace("wrt: x", "wrtt: x", StringComparison.Ordinal));
            await page.ClickAsync("#preview-button");
            await Assertions.Expect(page.Locator("#spec-errors .spec-error[data-line='9']")).ToContainTextAsync("Did you mean 'wrt'?");
            await Screenshots.TakeAsync(page, "authoring-spec-error");

            await page.FillAsync("#yaml", ProblemEditor.Template);
            var references = new List<string>();
            foreach (var seed in new[] { seedA, seedB })
            {
                await page.FillAsync("#seed", seed.ToString(CultureInfo.InvariantCulture));
                await page.ClickAsync("#preview-button");
                await Assertions.Expect(page.Locator($"#preview-panel[data-seed='{seed}']")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#preview-statement .katex").First).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#reference-latex .katex")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#self-tests")).ToHaveAttributeAsync("data-state", "pass");
                references.Add(await page.Locator("#reference-text").InnerTextAsync());
                await Screenshots.TakeAsync(page, $"authoring-preview-seed-{seed}");
            }
            Assert.NotEqual(references[0], references[1]);

            await page.ClickAsync("#save-button");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Saved as version 1.");
            await page.ClickAsync(".breadcrumb a:has-text('Week 7: Browser practice')");
            await page.ClickAsync("#publish");
            await Assertions.Expect(page.Locator("#set-state")).ToHaveTextAsync("Published");
            await Screenshots.TakeAsync(page, "authoring-published");

            // Students see the published set on their dashboard.
            var student = await (await site.Browser.NewContextAsync(options)).NewPageAsync();
            await SignInAsync(student, "student4@demo.local");
            await Assertions.Expect(student.Locator($"[data-set-key='{key}']")).ToBeVisibleAsync();
            await student.Context.CloseAsync();
        }
        catch
        {
            var path = await Screenshots.TakeAsync(page, "FAILED-" + nameof(Instructor_AuthorsPreviewsWithTwoSeedsAndPublishes_StudentSeesIt), always: true);
            output.WriteLine($"Screenshot of the failure: {path}");
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", "GraderHub-demo-1");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(email);
    }

    // The template draws `a` from 2..9: pick two seeds the engine says give different variants.
    private static (int, int) TwoSeedsWithDifferentReferences()
    {
        var definition = ProblemReader.Read(ProblemEditor.Template, "template").Problem!;
        var first = definition.Variant(1).Reference().Text;
        for (var seed = 2; seed < 100; seed++)
            if (definition.Variant(seed).Reference().Text != first) return (1, seed);
        throw new InvalidOperationException("every seed gives the same variant");
    }
}
