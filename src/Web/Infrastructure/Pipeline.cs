using GraderHub.Web.Features.Health;
using Hangfire;

namespace GraderHub.Web.Infrastructure;

public static class Pipeline
{
    public static WebApplication UseGraderHubPipeline(this WebApplication app, Deployment deployment)
    {
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
            app.UseHsts();
            // Plain http on 127.0.0.1 in Development: there is no development certificate here.
            app.UseHttpsRedirection();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapStaticAssets().AllowAnonymous();
        app.MapControllers();
        app.MapHealthChecks("/health", HealthResponse.Options).AllowAnonymous();
        // Instructors only: through endpoint authorization, so an anonymous visitor is sent to
        // sign in and a student gets 403 like on every other staff page.
        app.MapHangfireDashboardWithAuthorizationPolicy(ServiceRegistration.InstructorPolicy, "/hangfire",
            new DashboardOptions { DisplayStorageConnectionString = false, AppPath = "/instructor" });
        return app;
    }
}
