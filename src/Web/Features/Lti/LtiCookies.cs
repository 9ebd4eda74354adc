using Microsoft.AspNetCore.CookiePolicy;

namespace GraderHub.Web.Features.Lti;

// The LMS shows GraderHub in an iframe of another site, and its launch is a cross-site POST: the
// state cookie, the sign-in cookie and the antiforgery cookie of an LTI session must be sent in
// that frame, so outside Development they are SameSite=None; Secure (a browser refuses None
// without Secure). In Development (plain http on 127.0.0.1, the test platform on the same host)
// they stay Lax: the LMS and the tool are the same site there.
public static class LtiCookies
{
    // Present once a browser launched from an LMS: its later cookies get the LTI flags too.
    public const string Marker = "GraderHub.Lti";
    private const string ItemKey = "GraderHub.Lti.Flow";

    public static void MarkFlow(HttpContext context) => context.Items[ItemKey] = true;

    public static bool InFlow(HttpContext context) =>
        context.Items.ContainsKey(ItemKey) || context.Request.Cookies.ContainsKey(Marker);

    public static void Apply(AppendCookieContext cookie, bool development)
    {
        if (development || !InFlow(cookie.Context)) return;
        cookie.CookieOptions.SameSite = SameSiteMode.None;
        cookie.CookieOptions.Secure = true;
    }

    public static void Append(HttpContext context, string name, string value, TimeSpan lifetime, string path = "/") =>
        context.Response.Cookies.Append(name, value, new CookieOptions
        {
            HttpOnly = true, IsEssential = true, Path = path, MaxAge = lifetime, SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });
}
