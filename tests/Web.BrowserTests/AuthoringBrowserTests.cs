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
            await TypeSpecAsync(page, ProblemEditor.Template.Replace("wrt: x", "wrtt: x", StringComparison.Ordinal));
            await page.ClickAsync("#preview-button");
            await Assertions.Expect(page.Locator("#spec-errors .spec-error[data-line='9']")).ToContainTextAsync("Did you mean 'wrt'?");
            await Screenshots.TakeAsync(page, "authoring-spec-error");

            await TypeSpecAsync(page, ProblemEditor.Template);
            var references = new List<string>();
            foreach (var seed in new[] { seedA, seedB })
            {
                await page.FillAsync("#seed", seed.ToString(CultureInfo.InvariantCulture));
                await Screenshots.FollowAsync(page, "#preview-button");
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
            // Publishing asks first and says what the self-tests found.
            await Screenshots.FollowAsync(page, "#publish");
            await Assertions.Expect(page.Locator("#publish-summary")).ToContainTextAsync("every one passes");
            await Assertions.Expect(page.Locator("#publish-problems li[data-state='pass']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#set-state")).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "authoring-publish-confirm");
            await page.ClickAsync("#confirm-publish");
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

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Instructor_TypesSpecWithError_SeesLineMarkedJumpsThere_TriesAnAnswer(int width) =>
        await Screenshots.RunAsync(site, output, $"{nameof(Instructor_TypesSpecWithError_SeesLineMarkedJumpsThere_TriesAnAnswer)}-{width}", async page =>
        {
            await SignInAsync(page, "instructor@demo.local");
            await page.GotoAsync("/authoring");
            await page.ClickAsync("#new-set");
            await page.FillAsync("#Key", "editor-" + Guid.NewGuid().ToString("N")[..8]);
            await page.FillAsync("#Title", "Editor practice");
            await page.FillAsync("#Week", "8");
            await page.ClickAsync("#save-set");

            // An empty set cannot be published: the confirmation says why and offers no button.
            await Screenshots.FollowAsync(page, "#publish");
            await Assertions.Expect(page.Locator("#publish-summary")).ToHaveTextAsync("Add a problem before publishing.");
            await Assertions.Expect(page.Locator("#confirm-publish")).ToHaveCountAsync(0);
            await page.ClickAsync("#cancel-publish");

            await page.ClickAsync("#new-problem");
            await Assertions.Expect(page.Locator("#yaml-editor")).ToHaveAttributeAsync("data-editor", "codemirror");
            // Line numbers, and the long statement line wraps instead of being cut off.
            await Assertions.Expect(page.Locator(".cm-lineNumbers .cm-gutterElement", new() { HasTextString = "12" })).ToBeVisibleAsync();
            var editorBox = await page.Locator(".cm-editor").BoundingBoxAsync();
            var longLine = await page.Locator(".cm-line", new() { HasTextString = "Differentiate" }).First.BoundingBoxAsync();
            Assert.True(longLine!.X + longLine.Width <= editorBox!.X + editorBox.Width + 1, "the statement line is cut off");

            // A typo on line 9, typed: the editor marks that line (the kind's reader names the
            // unknown field where it stands, with the field it expected), and the list jumps to it.
            await TypeSpecAsync(page, ProblemEditor.Template.Replace("wrt: x", "wrtt: x", StringComparison.Ordinal));
            var marked = page.Locator(".cm-line", new() { Has = page.Locator(".cm-lintRange-error") });
            await Assertions.Expect(marked).ToHaveTextAsync(["wrtt: x"]);
            await Assertions.Expect(page.Locator(".cm-gutter-lint .cm-lint-marker-error")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#yaml-editor")).ToHaveAttributeAsync("data-error-lines", "9");
            await Assertions.Expect(page.Locator("#live-errors")).ToContainTextAsync("Did you mean 'wrt'?");
            await page.Locator(".cm-line").First.ClickAsync();
            await Assertions.Expect(page.Locator(".cm-activeLine")).ToHaveTextAsync("key: new-problem");
            await page.ClickAsync("#live-errors .live-goto[data-line='9']");
            await Assertions.Expect(page.Locator(".cm-activeLine")).ToHaveTextAsync("wrtt: x");
            await Screenshots.TakeAsync(page, $"authoring-editor-error-{width}");

            // Fixed, previewed with a seed, then answers tried against that seed.
            await TypeSpecAsync(page, ProblemEditor.Template);
            await Assertions.Expect(page.Locator("#live-errors")).ToBeHiddenAsync();
            await page.FillAsync("#seed", "3");
            // The preview is a new page, and its reference is read once: from the whole page.
            await Screenshots.FollowAsync(page, "#preview-button");
            var reference = await page.Locator("#reference-text").InnerTextAsync();
            await page.FillAsync("#try-answer", reference);
            await page.ClickAsync("#try-button");
            await Assertions.Expect(page.Locator("#trial-verdict")).ToHaveTextAsync("correct");
            await Assertions.Expect(page.Locator("#trial-score")).ToHaveTextAsync("100 %");
            await Assertions.Expect(page.Locator("#trial .trial-math .katex")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#preview-panel")).ToHaveAttributeAsync("data-seed", "3");
            await page.FillAsync("#try-answer", "-(" + reference + ")");
            await page.ClickAsync("#try-button");
            await Assertions.Expect(page.Locator("#trial-verdict")).ToHaveTextAsync("incorrect");
            await Assertions.Expect(page.Locator("#trial-score")).ToHaveTextAsync("0 %");
            await Assertions.Expect(page.Locator("#trial-feedback")).Not.ToBeEmptyAsync();
            await Screenshots.TakeAsync(page, $"authoring-try-answer-{width}");

            // The form still posts what the editor holds.
            await page.ClickAsync("#save-button");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Saved as version 1.");
        }, width);

    // Without the editor bundle (blocked, as by a failed download) the plain textarea remains: the
    // form still posts it, and "Line N" still selects that line.
    [Fact]
    public async Task Editor_WithoutItsScript_FallsBackToTheTextarea() =>
        await Screenshots.RunAsync(site, output, nameof(Editor_WithoutItsScript_FallsBackToTheTextarea), async page =>
        {
            await page.RouteAsync("**/lib/editor/**", route => route.AbortAsync());
            await SignInAsync(page, "instructor@demo.local");
            await page.GotoAsync("/authoring");
            await page.ClickAsync("#new-set");
            await page.FillAsync("#Key", "plain-" + Guid.NewGuid().ToString("N")[..8]);
            await page.FillAsync("#Title", "Plain editor");
            await page.FillAsync("#Week", "9");
            await page.ClickAsync("#save-set");
            await Screenshots.FollowAsync(page, "#new-problem");

            await Assertions.Expect(page.Locator(".cm-editor")).ToHaveCountAsync(0);
            await page.FillAsync("#yaml", ProblemEditor.Template.Replace("wrt: x", "wrtt: x", StringComparison.Ordinal));
            // The preview is a new page: "Line N" works once its script has run (a click before
            // the page had loaded found the link without its handler, and selected nothing).
            await Screenshots.FollowAsync(page, "#preview-button");
            await Assertions.Expect(page.Locator("#spec-errors")).ToBeVisibleAsync();
            await page.ClickAsync("#spec-errors .goto-line[data-line='9']");
            var selected = await page.Locator("#yaml").EvaluateAsync<string>("t => t.value.substring(t.selectionStart, t.selectionEnd)");
            Assert.Equal("wrtt: x", selected);

            await page.FillAsync("#yaml", ProblemEditor.Template);
            await page.ClickAsync("#save-button");
            await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Saved as version 1.");
        });

    // Replaces the spec in the code editor as a person would: select all, then type (inserted as
    // one input, so the editor's auto-indent does not re-indent the pasted lines).
    private static async Task TypeSpecAsync(IPage page, string yaml)
    {
        await page.Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.InsertTextAsync(yaml);
        await Assertions.Expect(page.Locator("#yaml")).ToHaveValueAsync(yaml);
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
