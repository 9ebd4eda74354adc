using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Health;
using GraderHub.Web.Features.Submissions;

namespace GraderHub.Web.Infrastructure;

public static class Pipeline
{
    public static WebApplication UseGraderHubPipeline(this WebApplication app, Deployment deployment)
    {
        // First, so that error pages and static files carry the headers too.
        app.UseSecurityHeaders();
        // A worker node answers only its health check; students and staff go to the web nodes.
        if (!deployment.ServesWeb)
        {
            app.MapHealthChecks("/health", HealthResponse.Options).AllowAnonymous();
            app.MapFallback(() => Results.NotFound(new { error = "This node grades; pages and the API are on the web nodes." }))
                .AllowAnonymous();
            return app;
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            // Plain http on 127.0.0.1 in Development: there is no development certificate here.
            app.UseHttpsRedirection();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseCookiePolicy();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapStaticAssets().AllowAnonymous();
        app.MapControllers();
        app.MapHealthChecks("/health", HealthResponse.Options).AllowAnonymous();
        // Read-only for instructors, operated by administrators (Features/Access/JobDashboard).
        app.MapJobDashboard([RecoverySweep.RecurringJobId])
            .WithSecurityHeadersPolicy(SecurityHeaders.DashboardPolicy);
        return app;
    }
}
