using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Api;

public sealed record LoginRequest(string? Email, string? Password);

[Route("api/auth")]
public sealed class AuthApiController(UserManager<AppUser> users, SignInManager<AppUser> signIn) : ApiControllerBase
{
    // Answers Identity's bearer token response: {tokenType, accessToken, expiresIn, refreshToken}.
    [AllowAnonymous, HttpPost("login")]
    public async Task<IActionResult> Login(LoginRequest request)
    {
        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email);
        if (user is null || string.IsNullOrEmpty(request.Password))
            return Unauthorized(new { error = "That e-mail and password do not match an account." });
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (!check.Succeeded)
            return Unauthorized(new { error = check.IsLockedOut ? "Too many failed attempts; try again later." : "That e-mail and password do not match an account." });
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return SignIn(principal, IdentityConstants.BearerScheme);
    }
}
