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
        return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : RedirectToAction("Index", "Dashboard");
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    // Kept for old links: a denied request now answers 403 in place (ServiceRegistration).
    [AllowAnonymous, HttpGet("denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("~/Features/Errors/Denied.cshtml");
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
