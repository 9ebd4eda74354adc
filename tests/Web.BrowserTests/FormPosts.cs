using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GraderHub.Web.BrowserTests;

// Every form post the browser made to any of the suite's sites, by route template: whether it got
// past the antiforgery check to its action, and what the action answered. Only the test host
// records (SiteFixture adds the filter); FormCoverageTests, run last, compares this with the form
// posts of the route table.
public static class FormPosts
{
    private static readonly ConcurrentDictionary<string, Tally> Seen = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> Expected = new(StringComparer.Ordinal);

    // The form posts of the site's route table (SiteRoutes, the list the token test uses), noted by
    // every site the suite starts.
    public static void Expect(IEnumerable<string> templates)
    {
        foreach (var t in templates) Expected.TryAdd(t, 0);
    }

    public static IReadOnlySet<string> ExpectedTemplates() => Expected.Keys.ToHashSet(StringComparer.Ordinal);

    public sealed record Tally(int Accepted, int Refused);

    public static IReadOnlyDictionary<string, Tally> Snapshot() => new Dictionary<string, Tally>(Seen, StringComparer.Ordinal);

    private static void Record(string template, int status) =>
        Seen.AddOrUpdate(template,
            _ => status < 400 ? new Tally(1, 0) : new Tally(0, 1),
            (_, t) => status < 400 ? t with { Accepted = t.Accepted + 1 } : t with { Refused = t.Refused + 1 });

    // A resource filter runs after the authorization filters (the antiforgery check among them),
    // so a post without a valid token is never counted, and around the result, so the status the
    // person got is known. Only posts of a form's encodings count: the page scripts' JSON calls to
    // the API are not form submissions.
    public sealed class Recorder : IAsyncResourceFilter
    {
        public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
        {
            var request = context.HttpContext.Request;
            var template = context.ActionDescriptor.AttributeRouteInfo?.Template;
            var isForm = HttpMethods.IsPost(request.Method) && request.HasFormContentType && template is not null;
            await next();
            if (isForm) Record(template!.TrimStart('/'), context.HttpContext.Response.StatusCode);
        }
    }
}
