using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Authoring;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Security;

// Issue 11, item 2: the usual XSS vectors (OWASP's filter-evasion cheat sheet) written by an
// author into a statement, a hint and a title, and by a student into an answer, asserted on the
// HTML of the real pages: no script, no event handler, no javascript:/data:/vbscript: URL, no
// style attribute anywhere on the page, while ordinary links and math survive.
[Collection(WebCollection.Name)]
public sealed class XssTests(WebHostFixture host)
{
    public static readonly IReadOnlyList<string> Vectors =
    [
        "[plain](javascript:alert(1))",
        "[cased](JaVaScRiPt:alert(2))",
        "[entities](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(3))",
        "[hex entities](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(4))",
        "[tab](<java\tscript:alert(5)>)",
        "[spaces](<  javascript:alert(6)>)",
        "[reference][evil]\n\n[evil]: javascript:alert(7)",
        "<javascript:alert(8)>",
        "[vb](vbscript:msgbox(9))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=)",
        "![img](javascript:alert(11))",
        "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTIpPjwvc3ZnPg==)",
        "[title](https://example.org/ \"\\\" onmouseover=alert(13) x=\\\"\")",
        "<img src=x onerror=alert(14)>",
        "<svg onload=alert(15)>",
        "<script>alert(16)</script>",
        "<div style=\"background:url(javascript:alert(17))\">styled</div>",
        "<a href=\"javascript:alert(18)\">raw link</a>",
        "<iframe src=\"javascript:alert(19)\"></iframe>",
        "<p style=\"width: expression(alert(20))\">expression</p>",
        "<body onload=alert(21)>",
        "<IMG SRC=\"jav&#x09;ascript:alert(22);\">",
        "<object data=\"javascript:alert(23)\"></object>",
        "`<script>alert(24)</script>` in code",
        "| a | b |\n|:--|--:|\n| <img src=x onerror=alert(25)> | [t](javascript:alert(26)) |",
    ];

    private static string Markdown => string.Join("\n\n", Vectors) +
        "\n\nA [safe link](https://example.org/page), a [relative one](/sets/1) and math $x^2 + \\frac{1}{2}$.\n";

    private static string Indented(string text) => string.Join("\n", text.Split('\n').Select(l => "  " + l));

    private static string Spec(string title) => $$"""
        key: xss
        title: "{{title.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}}"
        kind: derivative
        points: 1
        variables: [x]
        function: "x^3"
        wrt: x
        statement: |
        {{Indented(Markdown)}}
        hint: |
        {{Indented(Markdown)}}
        """;

    private const string HostileTitle = "<script>alert('title')</script><img src=x onerror=alert(27)>";

    private async Task<int> SaveProblemAsync()
    {
        var (setId, _) = await new ProblemSetBuilder().SaveAsync(host);
        var spec = Spec(HostileTitle);
        return await host.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var problem = new Problem
            {
                ProblemSetId = setId, Key = "xss", Position = 2, Title = HostileTitle, Kind = "derivative", Points = 1,
                SpecYaml = spec, Version = 1, UpdatedAt = now,
                Versions = [new ProblemVersion { Version = 1, SpecYaml = spec, CreatedAt = now }],
            };
            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            return problem.Id;
        });
    }

    [Fact]
    public async Task ProblemPage_HostileStatementHintAndTitle_RenderInert()
    {
        var problemId = await SaveProblemAsync();
        var student = await host.CreateUserAsync(Roles.Student);
        await host.EnrollAsync(student, CourseRole.Student);
        var client = await host.SignedInClientAsync(student);

        var response = await client.GetAsync($"/problems/{problemId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        AssertInert(doc);
        var statement = doc.QuerySelector("#statement")!;
        var hint = doc.QuerySelector("#hint")!;
        foreach (var part in new[] { statement, hint })
        {
            Assert.Contains(part.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://example.org/page");
            Assert.Contains(part.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/sets/1");
            Assert.Contains(part.QuerySelectorAll(".math"), m => m.TextContent.Contains("\\frac{1}{2}", StringComparison.Ordinal));
            // Raw HTML is shown as text, not dropped silently: the author sees what they wrote.
            Assert.Contains("<script>alert(16)</script>", part.TextContent, StringComparison.Ordinal);
        }
        Assert.Contains(HostileTitle, doc.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditorPreview_HostileStatementAndHint_RenderInert()
    {
        var (_, instructor) = await AuthoringKit.SignedInAsync(host, Roles.Instructor, CourseRole.Instructor);
        var problemId = await SaveProblemAsync();

        var response = await instructor.GetAsync($"/authoring/problems/{problemId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        AssertInert(doc);
        Assert.Contains(doc.QuerySelectorAll("#preview-statement a"), a => a.GetAttribute("href") == "https://example.org/page");
    }

    [Fact]
    public async Task Answers_HostileText_AreNeverMarkup()
    {
        var (_, problemId) = await new ProblemSetBuilder().SaveAsync(host);
        var student = await host.CreateUserAsync(Roles.Student);
        await host.EnrollAsync(student, CourseRole.Student);
        var client = await host.SignedInClientAsync(student);
        var path = $"/problems/{problemId}";

        foreach (var answer in new[] { "<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "x</code><svg onload=alert(3)>", "javascript:alert(4)" })
        {
            var response = await WebHostFixture.PostFormAsync(client, path, path, new() { ["answer"] = answer });
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            var doc = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
            AssertInert(doc);
        }
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path));
        AssertInert(page);
    }

    // Everything a strict CSP would block, and everything a sanitizer must remove, anywhere on the page.
    internal static void AssertInert(IDocument doc)
    {
        foreach (var script in doc.Scripts)
        {
            var src = script.GetAttribute("src");
            Assert.True(src is not null && src.StartsWith('/'), "inline or foreign script: " + script.OuterHtml);
            Assert.True(string.IsNullOrWhiteSpace(script.TextContent), script.OuterHtml);
        }
        foreach (var element in doc.All)
        {
            Assert.DoesNotContain(element.TagName.ToLowerInvariant(), new[] { "iframe", "object", "embed", "style", "base" });
            foreach (var attr in element.Attributes)
            {
                Assert.False(attr.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attr.Name} on {element.OuterHtml}");
                Assert.NotEqual("style", attr.Name.ToLowerInvariant());
                if (attr.Name is "href" or "src" or "action" or "formaction" or "data" or "xlink:href")
                {
                    var value = new string(attr.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                    Assert.True(IsSafeUrl(value), $"{attr.Name}=\"{attr.Value}\" on <{element.TagName}>");
                }
            }
        }
    }

    private static bool IsSafeUrl(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return true;
        var scheme = url[..colon].ToLowerInvariant();
        return scheme is "http" or "https";
    }
}
