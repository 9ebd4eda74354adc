using System.ComponentModel.DataAnnotations;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Account;

[Route("account")]
public sealed class AccountController(SignInManager<AppUser> signIn, PasswordSignIn passwords, GraderHubDbContext db,
    IWebHostEnvironment env) : Controller
{
    [AllowAnonymous, HttpGet("login")]
    public IActionResult Login(string? returnUrl) =>
        View(new LoginForm { ReturnUrl = returnUrl, ShowDemoAccounts = env.IsDevelopment() });

    [AllowAnonymous, HttpPost("login")]
    public async Task<IActionResult> Login(LoginForm form)
    {
        form.ShowDemoAccounts = env.IsDevelopment();
        if (!ModelState.IsValid) return View(form);

        AppUser user;
        switch (await passwords.CheckAsync(HttpContext, form.Email, form.Password))
        {
            case SignInOutcome.Succeeded ok:
                await signIn.SignInAsync(ok.User, form.RememberMe);
                user = ok.User;
                break;
            case SignInOutcome.Throttled throttled:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = SignInOutcome.RetryAfterSeconds(throttled.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                ModelState.AddModelError("", SignInOutcome.ThrottledMessage(throttled.RetryAfter));
                return View(form);
            case SignInOutcome.Failed:
                ModelState.AddModelError("", SignInOutcome.FailedMessage);
                return View(form);
            default:
                throw new InvalidOperationException("Unhandled sign-in outcome");
        }
        // Only local return URLs: a crafted link cannot send a student off-site after sign-in.
        if (Url.IsLocalUrl(form.ReturnUrl)) return LocalRedirect(form.ReturnUrl);
        return LocalRedirect(HomeFor(await db.EnrolmentsOf(user.Id, CourseLevel.Enrolled).Select(e => e.Role).Distinct().ToListAsync()));
    }

    // Where a sign-in without a return URL lands: the page each role starts its day on (roles
    // are per course: an instructor anywhere starts at the course overview, a TA at the reports).
    public static string HomeFor(IReadOnlyCollection<CourseRole> roles) =>
        roles.Any(r => Membership.Grants(r, CourseLevel.Instructor)) ? "/instructor"
        : roles.Any(r => Membership.Grants(r, CourseLevel.Staff)) ? "/reports"
        : "/";

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
