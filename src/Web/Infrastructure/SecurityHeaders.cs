using Microsoft.AspNetCore.CookiePolicy;

namespace GraderHub.Web.Infrastructure;

// Every response's security headers and every cookie's flags, in one place.
//
// The site's own pages: scripts only from this origin (site.js, problem.js, KaTeX from
// /lib/katex), no inline script or event-handler attributes anywhere, and no inline styles either:
// KaTeX sets its sizes through element.style (CSSOM), which a CSP does not restrict, and the
// views carry no style attributes (widths set from data-width by site.js). Bootstrap's CSS draws
// check boxes and selects with data: SVG images, hence img-src data:; statements may show images
// from other sites (the sanitizer lets only http(s) through).
//
// The YAML editor (CodeMirror 6) builds its styles at run time into a <style> element; it gets the
// request's style nonce (HttpContext.GetNonce, EditorView.cspNonce), so no unsafe-inline is needed.
//
// Hangfire's dashboard is a third-party UI whose markup has style attributes we cannot change:
// it alone gets style-src 'unsafe-inline' (still no inline script).
public static class SecurityHeaders
{
    public const string DashboardPolicy = "dashboard";

    public static IServiceCollection AddGraderHubSecurityHeaders(this IServiceCollection services, IHostEnvironment env)
    {
        services.AddSecurityHeaderPolicies()
            .SetDefaultPolicy(p => Common(p, env).AddContentSecurityPolicy(csp => Csp(csp, inlineStyles: false)))
            .AddPolicy(DashboardPolicy, p => Common(p, env).AddContentSecurityPolicy(csp => Csp(csp, inlineStyles: true)));

        // Kestrel names itself in a Server header unless told not to; nobody needs to know.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);

        services.Configure<CookiePolicyOptions>(o =>
        {
            // Plain http on 127.0.0.1 in Development and tests (no certificate here, STACK.md 7);
            // everywhere else no cookie ever travels without TLS.
            o.Secure = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.HttpOnly = HttpOnlyPolicy.None;
            // Lax for every cookie, except in an LTI session outside Development, where the LMS's
            // iframe needs SameSite=None; Secure (Features/Lti/LtiCookies).
            o.MinimumSameSitePolicy = SameSiteMode.Unspecified;
            var development = env.IsDevelopment();
            o.OnAppendCookie = cookie =>
            {
                if (cookie.CookieOptions.SameSite is SameSiteMode.None or SameSiteMode.Unspecified) cookie.CookieOptions.SameSite = SameSiteMode.Lax;
                Features.Lti.LtiCookies.Apply(cookie, development);
            };
        });
        return services;
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection p, IHostEnvironment env)
    {
        p.AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
            .AddPermissionsPolicy(b =>
            {
                b.AddCamera().None();
                b.AddMicrophone().None();
                b.AddGeolocation().None();
                b.AddPayment().None();
            })
            .RemoveServerHeader();
        // Sent on https responses only (the library checks); never in Development, where a
        // browser would remember it for localhost.
        if (!env.IsDevelopment()) p.AddStrictTransportSecurityMaxAgeIncludeSubDomains(maxAgeInSeconds: 365 * 24 * 3600);
        return p;
    }

    private static void Csp(CspBuilder csp, bool inlineStyles)
    {
        csp.AddDefaultSrc().Self();
        csp.AddScriptSrc().Self();
        var styles = csp.AddStyleSrc().Self();
        // A nonce and 'unsafe-inline' together would make browsers ignore 'unsafe-inline'.
        if (inlineStyles) styles.UnsafeInline();
        else styles.WithNonce();
        csp.AddImgSrc().Self().Data().From("https:").From("http:");
        csp.AddFontSrc().Self();
        csp.AddConnectSrc().Self();
        csp.AddFormAction().Self();
        csp.AddBaseUri().Self();
        csp.AddObjectSrc().None();
        csp.AddFrameAncestors().None();
    }
}
