using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;

namespace GraderHub.Web.Testing;

// The site's pages and form posts as the route table lists them: the MVC actions a person reaches
// in the browser (the JSON API, which takes a bearer token or the antiforgery header instead of a
// form, is left out). One list for the token test (tests/Web.Tests) and the browser suite's
// coverage and every-page checks (tests/Web.BrowserTests), which link this file.
public static class SiteRoutes
{
    // Route templates (without the leading slash) of the actions that answer a GET: pages, files.
    // An action without a method (the error page, re-executed for any request) is a page.
    public static IReadOnlySet<string> GetTemplates(EndpointDataSource endpoints) => Templates(endpoints, "GET");

    // Route templates of the actions that take a form post.
    public static IReadOnlySet<string> FormPostTemplates(EndpointDataSource endpoints) => Templates(endpoints, "POST");

    // The MVC endpoints of those templates, for their metadata (ForCourse, route parameters).
    public static IEnumerable<RouteEndpoint> Endpoints(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } a
                && !a.ControllerTypeInfo.IsSubclassOf(typeof(Features.Api.ApiControllerBase)));

    public static string Template(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimStart('/');

    public static bool Accepts(RouteEndpoint endpoint, string method) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) ?? method == "GET";

    private static HashSet<string> Templates(EndpointDataSource endpoints, string method) =>
        Endpoints(endpoints).Where(e => Accepts(e, method)).Select(Template).ToHashSet();
}
