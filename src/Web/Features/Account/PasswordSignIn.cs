using System.Security.Cryptography;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace GraderHub.Web.Features.Account;

public abstract record SignInOutcome
{
    public sealed record Succeeded(AppUser User) : SignInOutcome;
    public sealed record Failed : SignInOutcome;
    public sealed record Throttled(TimeSpan RetryAfter) : SignInOutcome;

    public const string FailedMessage = "That e-mail and password do not match an account.";

    public static string ThrottledMessage(TimeSpan retryAfter) =>
        $"Too many failed sign-ins; try again in {RetryAfterSeconds(retryAfter)} seconds.";

    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}

// The one check of an e-mail and password, used by the sign-in page and POST /api/auth/login.
// Throttled per client and per account (LoginThrottle), never locked: Identity's lockout is not
// used, since anyone who knows a student's address could trigger it. Unknown accounts cost the
// same password hash as known ones, so the response time does not tell which addresses exist.
// A browser that signed in to an account gets a device cookie, which exempts it from that
// account's shared limit (OWASP's "device cookies"): strangers guessing the student's password
// slow each other down, not the student.
public sealed class PasswordSignIn(UserManager<AppUser> users, SignInManager<AppUser> signIn, LoginThrottle throttle,
    IDataProtectionProvider protection, TimeProvider clock)
{
    private const string DeviceCookie = "GraderHub.Device";
    private static string? _dummyHash;

    private readonly IDataProtector _device = protection.CreateProtector("GraderHub.Account.Device");

    public async Task<SignInOutcome> CheckAsync(HttpContext http, string email, string password)
    {
        var normalized = users.NormalizeEmail(email) ?? "";
        var deviceId = TrustedDevice(http, normalized);
        LoginThrottle.Key[] keys = deviceId is null
            ? [throttle.Client(http.Connection.RemoteIpAddress), throttle.Account(normalized)]
            : [throttle.Device(deviceId)];
        if (throttle.RetryAfter(keys) is { } wait) return new SignInOutcome.Throttled(wait);

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            _ = users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash(), password);
            throttle.Failed(keys);
            return new SignInOutcome.Failed();
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (!check.Succeeded)
        {
            throttle.Failed(keys);
            return new SignInOutcome.Failed();
        }
        throttle.Succeeded([.. keys, throttle.Account(normalized)]);
        TrustDevice(http, normalized, deviceId);
        return new SignInOutcome.Succeeded(user);
    }

    // A real hash of a random password, made once with the site's own hasher (same cost).
    private string DummyHash() =>
        _dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

    private string? TrustedDevice(HttpContext http, string normalizedEmail)
    {
        if (!http.Request.Cookies.TryGetValue(DeviceCookie, out var value) || string.IsNullOrEmpty(value)) return null;
        try
        {
            var parts = _device.Unprotect(value).Split('\n');
            return parts.Length == 2 && parts[0] == normalizedEmail ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private void TrustDevice(HttpContext http, string normalizedEmail, string? deviceId)
    {
        var id = deviceId ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(DeviceCookie, _device.Protect(normalizedEmail + "\n" + id), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            Expires = clock.GetUtcNow().AddDays(180),
            Path = "/",
        });
    }
}
