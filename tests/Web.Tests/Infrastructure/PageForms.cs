using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace GraderHub.Web.Tests.Infrastructure;

// A form as a browser sees it on a page: where it posts and the fields it would send before the
// person types anything (hidden inputs, default values, checked boxes, selected options).
public sealed record PageForm(string PagePath, string Action, string Method, IReadOnlyDictionary<string, string> Defaults,
    IReadOnlySet<string> Names, IReadOnlySet<string> HiddenNames)
{
    public const string TokenField = "__RequestVerificationToken";

    public string? Token => Defaults.GetValueOrDefault(TokenField);

    public string Describe() => $"<form method={Method} action={Action}> on {PagePath}";

    // What the browser sends when the person fills in `typed` and submits: every typed name must
    // be a control of this form, the token must be this form's own.
    public Dictionary<string, string> Fill(IReadOnlyDictionary<string, string> typed)
    {
        var unknown = typed.Keys.Where(k => !Names.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{Describe()} has no field {string.Join(", ", unknown)}");
        Assert.True(Token is not null, $"{Describe()} carries no antiforgery token");
        var fields = new Dictionary<string, string>(Defaults);
        foreach (var (name, value) in typed) fields[name] = value;
        return fields;
    }
}

public static class PageForms
{
    private static readonly HtmlParser Parser = new();

    public static IReadOnlyList<PageForm> Read(string pagePath, string html)
    {
        var document = Parser.ParseDocument(html);
        return document.QuerySelectorAll("form").OfType<IHtmlFormElement>().Select(f => Read(pagePath, f)).ToList();
    }

    public static async Task<IReadOnlyList<PageForm>> LoadAsync(HttpClient client, string pagePath)
    {
        var response = await client.GetAsync(pagePath);
        Assert.True(response.IsSuccessStatusCode, $"GET {pagePath} answered {(int)response.StatusCode}");
        return Read(pagePath, await response.Content.ReadAsStringAsync());
    }

    // The POST form on the page that posts to `action`; where several do (one per wrong-answer
    // group, one per attempt), the one whose hidden fields agree with what the test will send.
    public static async Task<PageForm> FindAsync(HttpClient client, string pagePath, string action,
        IReadOnlyDictionary<string, string>? typed = null)
    {
        var forms = await LoadAsync(client, pagePath);
        var form = forms.FirstOrDefault(f => f.Method == "post" && f.Action == action
            && (typed ?? new Dictionary<string, string>()).All(t => !f.HiddenNames.Contains(t.Key) || f.Defaults[t.Key] == t.Value));
        Assert.True(form is not null, $"{pagePath} has no POST form to {action}; its forms: "
            + string.Join("; ", forms.Select(f => f.Describe())));
        return form;
    }

    private static PageForm Read(string pagePath, IHtmlFormElement form)
    {
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pagePath;
        var method = (form.GetAttribute("method") ?? "get").ToLowerInvariant();
        var defaults = new Dictionary<string, string>();
        var names = new HashSet<string>();
        var hidden = new HashSet<string>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled")) continue;
            names.Add(name);
            switch (element)
            {
                case IHtmlInputElement { Type: "hidden" } input:
                    hidden.Add(name);
                    defaults[name] = input.Value;
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" } input:
                    if (input.IsChecked) defaults[name] = input.GetAttribute("value") ?? "on";
                    break;
                case IHtmlInputElement { Type: "submit" or "button" or "reset" or "image" or "file" }:
                    break;
                case IHtmlInputElement input:
                    defaults[name] = input.Value;
                    break;
                case IHtmlTextAreaElement textArea:
                    defaults[name] = textArea.Value;
                    break;
                case IHtmlSelectElement select:
                    if (select.SelectedOptions.FirstOrDefault() is { } option) defaults[name] = option.Value;
                    break;
                default:
                    break;
            }
        }
        return new PageForm(pagePath, action, method, defaults, names, hidden);
    }
}
