using GraderHub.Data.Entities;
using GraderHub.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Api;

public sealed record LoginRequest(string? Email, string? Password);

[Route("api/auth")]
public sealed class AuthApiController(SignInManager<AppUser> signIn, PasswordSignIn passwords) : ApiControllerBase
{
    // Answers Identity's bearer token response: {tokenType, accessToken, expiresIn, refreshToken};
    // 401 for a wrong e-mail or password, 429 with Retry-After after too many (PasswordSignIn).
    [AllowAnonymous, HttpPost("login")]
    public async Task<IActionResult> Login(LoginRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return Unauthorized(new { error = SignInOutcome.FailedMessage });
        switch (await passwords.CheckAsync(HttpContext, request.Email, request.Password))
        {
            case SignInOutcome.Succeeded ok:
                return SignIn(await signIn.CreateUserPrincipalAsync(ok.User), IdentityConstants.BearerScheme);
            case SignInOutcome.Throttled throttled:
                Response.Headers.RetryAfter = SignInOutcome.RetryAfterSeconds(throttled.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return StatusCode(StatusCodes.Status429TooManyRequests, new { error = SignInOutcome.ThrottledMessage(throttled.RetryAfter) });
            case SignInOutcome.Failed:
                return Unauthorized(new { error = SignInOutcome.FailedMessage });
            default:
                throw new InvalidOperationException("Unhandled sign-in outcome");
        }
    }
}
