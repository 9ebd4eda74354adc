using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Health;
using GraderHub.Web.Features.Submissions;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Infrastructure;

public static class ServiceRegistration
{
    public const string ApiScheme = "Api";

    public static IServiceCollection AddGraderHubData(this IServiceCollection services,
        Deployment deployment, IWebHostEnvironment env)
    {
        services.AddSingleton(deployment);
        // Read lazily, so a test host's UseSetting wins over appsettings (STACK.md, 4).
        services.AddGraderHubDbContext(deployment.Database, sp => ConnectionString(sp, env, deployment), (sp, o) =>
        {
            if (deployment.Database == DatabaseProvider.Sqlite)
                o.AddInterceptors(new SqliteDurability(string.Equals(
                    sp.GetRequiredService<IConfiguration>()["GraderHub:SqliteSynchronous"], "Full", StringComparison.OrdinalIgnoreCase)));
            // Test seams and operators' extras (e.g. a simulated full disk in the fault tests).
            o.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        // Keys in the shared database and one application name on every node (the default name
        // is the install path, which may differ): a cookie, antiforgery or bearer token made on
        // one node is valid on all of them, and survives restarts.
        services.AddDataProtection()
            .SetApplicationName("GraderHub")
            .PersistKeysToDbContext<GraderHubDbContext>();
        return services;
    }

    // Read when first needed, so a test host's UseSetting wins over appsettings (STACK.md, 4).
    private static string ConnectionString(IServiceProvider sp, IWebHostEnvironment env, Deployment deployment)
    {
        var config = sp.GetRequiredService<IConfiguration>();
        var connection = config.GetConnectionString("GraderHub");
        if (!string.IsNullOrWhiteSpace(connection)) return connection;
        return deployment.Database switch
        {
            DatabaseProvider.Sqlite => DatabaseSetup.SqliteConnectionString(
                Path.Combine(env.ContentRootPath, config["GraderHub:DataFolder"] ?? "App_Data")),
            // Deployment.From already refused a PostgreSQL node without one.
            DatabaseProvider.PostgreSql => throw new InvalidOperationException("ConnectionStrings:GraderHub is required for PostgreSql"),
        };
    }

    public static IServiceCollection AddGraderHubAuth(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Identity's rules (digit, lower, upper, symbol) and twice its length. No lockout:
                // anyone who knows a student's address could trigger it; failed sign-ins are
                // throttled per client and per account instead (Account/PasswordSignIn).
                o.Password.RequiredLength = 12;
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<GraderHubDbContext>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "GraderHub.Auth";
            // The JSON API answers 401; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            // 403 where it happened, pages and API alike: the status-code page explains it.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddOptions<Features.Account.LoginThrottleOptions>().BindConfiguration("GraderHub:LoginThrottle");
        services.AddSingleton<Features.Account.LoginThrottle>();
        services.AddScoped<Features.Account.PasswordSignIn>();

        services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme)
            // API requests carry either a bearer token (scripts, the CLI) or the site's cookie
            // (the problem page's own polling and preview).
            .AddPolicyScheme(ApiScheme, ApiScheme, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme);

        // Closed by default: an endpoint without [Authorize]/[AllowAnonymous] needs a signed-in
        // user (the fallback); course resources go through the policies of Features/Access.
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        Policies.Add(authorization);
        services.AddScoped<IAuthorizationHandler, CourseAuthorizationHandler>();
        services.AddScoped<CourseResourceResolver>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StrangerResultHandler>();
        return services;
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static IServiceCollection AddGraderHubJobs(this IServiceCollection services, Deployment deployment,
        IConfiguration configuration, IWebHostEnvironment env)
    {
        var gradingWorkers = configuration.GetValue("GraderHub:GradingWorkers", Math.Max(2, Environment.ProcessorCount));
        services.AddHangfire((sp, cfg) => UseJobStorage(cfg
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings(), sp, env, deployment));
        // A web-only node enqueues into the shared storage and grades nothing itself. On the
        // in-process road Hangfire runs the recovery sweep and regrades (answers are graded by
        // GradingWorkers); on the claimed-jobs road it also grades the answers, so every worker
        // node takes its share.
        if (deployment.RunsJobs)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = deployment.Grading switch
                {
                    GradingRoad.InProcessQueue => 2,
                    GradingRoad.ClaimedJobs => gradingWorkers,
                };
                // How often delayed jobs (LTI score retries) are looked for; Hangfire's default is 15 s.
                o.SchedulePollingInterval = TimeSpan.FromSeconds(configuration.GetValue("GraderHub:Jobs:SchedulePollingSeconds", 15.0));
            });
        }
        services.AddSingleton(new GradingOptions(TimeSpan.FromSeconds(
            configuration.GetValue("GraderHub:GradingLeaseSeconds", GradingOptions.DefaultLease.TotalSeconds))));
        services.AddScoped<GradingClaim>();

        // The submission path (Features/Submissions): fair in-memory queue, workers, batched writes.
        services.AddSingleton(new GradingQueue(configuration.GetValue("GraderHub:Grading:PerStudentInFlight", 1)));
        // How a stored grade reaches the requests waiting for it (GradeNotifications).
        switch (deployment.Database)
        {
            case DatabaseProvider.Sqlite:
                services.AddSingleton<GradeNotifications, InProcessGradeNotifications>();
                break;
            case DatabaseProvider.PostgreSql:
                services.AddSingleton(sp => new PostgreSqlGradeNotifications(ConnectionString(sp, env, deployment),
                    listen: deployment.ServesWeb, sp.GetRequiredService<ILogger<PostgreSqlGradeNotifications>>()));
                services.AddSingleton<GradeNotifications>(sp => sp.GetRequiredService<PostgreSqlGradeNotifications>());
                services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlGradeNotifications>());
                break;
        }
        services.AddSingleton<StorageStatus>();
        services.AddSingleton<WriteGate>();
        services.AddSingleton(sp => new SubmissionRateLimiter(
            configuration.GetValue("GraderHub:Submissions:PerStudentBurst", 10),
            configuration.GetValue("GraderHub:Submissions:PerStudentPerMinute", 60)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SubmissionGrader>(sp,
            TimeSpan.FromSeconds(configuration.GetValue("GraderHub:Grading:TimeLimitSeconds", 3.0))));
        services.AddSingleton<GradeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<GradeWriter>());
        // SQLite's group commit of the submits' inserts (idle on PostgreSQL).
        services.AddSingleton<SubmissionInserts>();
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionInserts>());
        // The fair queue's workers grade only on the in-process road (one node); on the
        // claimed-jobs road the shared job storage carries the answers to whichever worker node
        // is free.
        switch (deployment.Grading)
        {
            case GradingRoad.InProcessQueue:
                services.AddHostedService(sp => ActivatorUtilities.CreateInstance<GradingWorkers>(sp, gradingWorkers));
                break;
            case GradingRoad.ClaimedJobs:
                break;
        }
        services.AddScoped<GradeSubmissionJob>();
        services.AddScoped<RecoverySweep>();
        services.AddScoped<SubmitAnswer>();
        services.AddScoped<PreviewAnswer>();
        services.AddScoped<GraderHub.Web.Features.Schedule.StartTimedSet>();
        services.AddHttpContextAccessor();
        services.AddScoped<GraderHub.Web.Features.Exam.CallerAddress>();
        services.AddScoped<GraderHub.Web.Features.Exam.ExamEvents>();
        services.AddScoped<GraderHub.Web.Features.Exam.ExamLog>();
        // Focus reports from an exam page: a few at once, then about one every 2 s per student.
        services.AddKeyedSingleton(GraderHub.Web.Features.Exam.ExamController.FocusLimiterKey, (_, _) => new SubmissionRateLimiter(
            configuration.GetValue("GraderHub:Exam:FocusBurst", 20), configuration.GetValue("GraderHub:Exam:FocusPerMinute", 30)));
        services.AddScoped<GraderHub.Web.Features.Schedule.CalendarChanges>();
        // Compiled problems per (problem, version), shared by every request and job.
        services.AddSingleton<GraderHub.Web.Features.Problems.ProblemCatalog>();
        services.AddScoped<GraderHub.Web.Features.Regrade.Regrader>();
        services.AddScoped<GraderHub.Web.Features.Regrade.RegradeJob>();
        return services;
    }

    // SQLite: the queue is in memory, because the database is the source of truth and the
    // recovery sweep re-enqueues whatever a restart lost (DESIGN.md, flow step 5). PostgreSQL:
    // one queue in the shared database that every node's workers take jobs from. Long polling
    // (LISTEN/NOTIFY) hands a new job to an idle worker at once instead of at its next poll; the
    // sliding invisibility timeout lets a job fetched by a node that died go to another node
    // after InvisibilityTimeout while a live node's long job keeps its hold.
    private static IGlobalConfiguration UseJobStorage(IGlobalConfiguration cfg, IServiceProvider sp,
        IWebHostEnvironment env, Deployment deployment) => deployment.Database switch
        {
            DatabaseProvider.Sqlite => cfg.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }),
            DatabaseProvider.PostgreSql => cfg.UsePostgreSqlStorage(
                o => o.UseNpgsqlConnection(ConnectionString(sp, env, deployment)),
                new PostgreSqlStorageOptions
                {
                    EnableLongPolling = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(2),
                    PrepareSchemaIfNecessary = true,
                }),
        };

    public static IServiceCollection AddGraderHubWeb(this IServiceCollection services)
    {
        services.AddControllersWithViews(o =>
            {
                // Every unsafe form post must carry the antiforgery token.
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            })
            .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureFolderViewLocationExpander()));
        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        services.AddProblemDetails();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<JobStorageHealthCheck>("jobs");
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<GraderHub.Web.Features.Problems.ProblemPage>();
        services.AddScoped<GraderHub.Web.Features.Solutions.SolutionPage>();
        services.AddScoped<GraderHub.Web.Features.Problems.ReportProblem>();
        services.AddScoped<GraderHub.Web.Features.Practice.PracticeProblem>();
        services.AddScoped<GraderHub.Web.Features.Grades.GradeRecord>();
        GraderHub.Web.Features.Authoring.AuthoringServices.AddGraderHubAuthoring(services);
        services.AddScoped<GraderHub.Web.Features.Review.OverrideGrade>();
        services.AddScoped<GraderHub.Web.Features.Review.GroupCredit>();
        GraderHub.Web.Features.Lti.LtiSetup.AddGraderHubLti(services);
        return services;
    }
}

// Views live next to their controller: Features/<Feature>/<View>.cshtml, where <Feature> is the
// last segment of the controller's namespace; shared views in Features/Shared.
public sealed class FeatureFolderViewLocationExpander : IViewLocationExpander
{
    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor cad)
            context.Values["feature"] = cad.ControllerTypeInfo.Namespace?.Split('.')[^1] ?? "";
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        var feature = context.Values.TryGetValue("feature", out var f) ? f : null;
        if (!string.IsNullOrEmpty(feature)) yield return "/Features/" + feature + "/{0}.cshtml";
        yield return "/Features/Shared/{0}.cshtml";
    }
}
