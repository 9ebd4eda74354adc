using System.ComponentModel.DataAnnotations;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Account;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, IWebHostEnvironment env) : Controller
{
    [AllowAnonymous, HttpGet("login")]
    public IActionResult Login(string? returnUrl) =>
        View(new LoginForm { ReturnUrl = returnUrl, ShowDemoAccounts = env.IsDevelopment() });

    [AllowAnonymous, HttpPost("login")]
    public async Task<IActionResult> Login(LoginForm form)
    {
        form.ShowDemoAccounts = env.IsDevelopment();
        if (!ModelState.IsValid) return View(form);

        var result = await signIn.PasswordSignInAsync(form.Email, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.IsLockedOut
                ? "Too many failed attempts; try again in a few minutes."
                : "That e-mail and password do not match an account.");
            return View(form);
        }
        // Only local return URLs: a crafted link cannot send a student off-site after sign-in.
        if (Url.IsLocalUrl(form.ReturnUrl)) return LocalRedirect(form.ReturnUrl);
        var user = await signIn.UserManager.FindByEmailAsync(form.Email);
        return LocalRedirect(HomeFor(user is null ? [] : await signIn.UserManager.GetRolesAsync(user)));
    }

    // Where a sign-in without a return URL lands: the page each role starts its day on.
    public static string HomeFor(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return set.Contains(Roles.Instructor) ? "/instructor" : set.Contains(Roles.TA) ? "/reports" : "/";
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [AllowAnonymous, HttpGet("denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}

public sealed class LoginForm
{
    [Required, EmailAddress, Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "Keep me signed in")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
    public bool ShowDemoAccounts { get; set; }
}
