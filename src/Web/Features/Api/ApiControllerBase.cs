using System.Security.Claims;
using GraderHub.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace GraderHub.Web.Features.Api;

// JSON API: bearer token or the site's cookie (ServiceRegistration.ApiScheme). A bearer token is
// never sent by a browser on its own, so it needs no antiforgery token; a cookie is, so an
// unsafe request authenticated by the cookie must carry the antiforgery header like a form.
[ApiController]
[Authorize(AuthenticationSchemes = ServiceRegistration.ApiScheme)]
[IgnoreAntiforgeryToken]
[TypeFilter(typeof(CookieAntiforgeryFilter))]
[Produces("application/json")]
public abstract class ApiControllerBase : ControllerBase
{
    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}

public sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || HttpMethods.IsOptions(http.Request.Method))
            return;
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            return;
        if (context.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()
            && http.User.Identity?.IsAuthenticated != true)
            return;
        if (!await antiforgery.IsRequestValidAsync(http))
            context.Result = new BadRequestObjectResult(new { error = "Missing or invalid antiforgery token." });
    }
}
