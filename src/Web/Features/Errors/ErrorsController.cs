using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using GraderHub.Web.Features.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Errors;

// Re-executed for a response without a body, with the request's own method: a POST refused with
// 404 or failed with 500 comes here as a POST. The page changes nothing, so it takes no
// antiforgery token; the global check would turn a bearer caller's 404 into an empty 400.
[AllowAnonymous, IgnoreAntiforgeryToken, ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/error/{code:int?}")]
    public IActionResult Show(int? code)
    {
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error;
        // A database that is busy, full or out of reach is the site's state, not a bug: 503 with
        // when to try again, on every page and endpoint, as the submit answers it.
        var unavailable = code is null && error is not null && StorageFaults.IsUnavailable(error);
        var status = unavailable ? StatusCodes.Status503ServiceUnavailable : code ?? StatusCodes.Status500InternalServerError;
        if (unavailable)
            Response.Headers.RetryAfter = Api.SubmissionsApiController.RetryAfterSeconds(StorageFaults.RetryAfter);
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
                       ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        Response.StatusCode = status;
        // API callers get JSON, never an HTML page.
        if (original is not null && original.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
            return Json(new { error = Message(status) });
        return status == StatusCodes.Status403Forbidden ? View("Denied") : View("Error", new ErrorModel(status, Message(status)));
    }

    // Every status that reaches a person without a body of its own gets a sentence; a 4xx is
    // never blamed on the site.
    public static string Message(int status) => status switch
    {
        404 => "There is nothing at this address.",
        401 => "Sign in first.",
        403 => "Your account does not have access to this page.",
        400 => "The request could not be understood.",
        405 => "This address does not take that kind of request; go back and use the page's own links and buttons.",
        409 => "That clashes with a change made meanwhile; reload the page and try again.",
        413 => "What was sent is too large.",
        415 => "What was sent is in a format this address does not read.",
        429 => "Too many requests at once; wait a moment and try again.",
        >= 400 and < 500 => "The request could not be handled; go back and try again.",
        503 => "The site is too busy to answer right now; try again in a few seconds.",
        _ => "Something went wrong on our side. Please try again.",
    };
}

public sealed record ErrorModel(int Status, string Message);
