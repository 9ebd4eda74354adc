using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Submissions;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Infrastructure;

public static class AppInitializer
{
    public const string DemoPassword = "GraderHub-demo-1";

    public static async Task InitializeAsync(IServiceProvider services, IHostEnvironment env, IConfiguration config)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("GraderHub.Startup");
        var db = sp.GetRequiredService<GraderHubDbContext>();
        var clock = sp.GetRequiredService<TimeProvider>();

        var deployment = sp.GetRequiredService<Deployment>();

        // Nodes started together take turns here (DatabaseSetup.StartupLockAsync).
        await using (await DatabaseSetup.StartupLockAsync(db))
        {
            await DatabaseSetup.MigrateAsync(db);
            await EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());

            var seedFolder = config["GraderHub:SeedFolder"] ?? Path.Combine(AppContext.BaseDirectory, "seed");
            var report = await SeedLoader.LoadAsync(db, seedFolder, clock);
            foreach (var error in report.Errors) log.LogError("Seed file error: {Error}", error.ToString());
            if (report.Added.Count > 0) log.LogInformation("Seeded problem sets: {Sets}", string.Join(", ", report.Added));

            // Known passwords exist only on a developer's machine, never in Staging or Production.
            if (env.IsDevelopment() && config.GetValue("GraderHub:DemoAccounts", true))
                await EnsureDemoAccountsAsync(sp, db, clock);
            await EnsureProblemScoresAsync(db, config, log);
            await EnsureBootstrapAccountAsync(sp, db, clock, config, "Instructor", log);
            await EnsureBootstrapAccountAsync(sp, db, clock, config, "Administrator", log);

            // The first node makes the data-protection key and the job storage's schema; the
            // others, after it, find both instead of each making its own.
            sp.GetRequiredService<IDataProtectionProvider>().CreateProtector("GraderHub.Startup").Protect("key ring ready");
            _ = sp.GetRequiredService<JobStorage>();
        }

        if (!deployment.RunsJobs) return;
        switch (deployment.Grading)
        {
            case GradingRoad.InProcessQueue:
                // Before serving: the in-memory queue is empty after a restart, and this node is the
                // only grader there is.
                var requeued = await sp.GetRequiredService<RecoverySweep>().RunAtStartupAsync(onlyGrader: true);
                if (requeued > 0) log.LogWarning("Re-enqueued {Count} submissions left queued or grading", requeued);
                break;
            case GradingRoad.ClaimedJobs:
                // As a job, not inline: a worker restarted under a backlog would otherwise spend its
                // start-up enqueueing it (minutes on a loaded machine) while other nodes grade it.
                sp.GetRequiredService<IBackgroundJobClient>().Enqueue<RecoverySweep>(s => s.RunAtStartupAsync(false));
                break;
        }
        // One recurring job in the job storage: with shared storage every worker node registers
        // the same id and Hangfire runs it once a minute for all of them.
        sp.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RecoverySweep>(
            RecoverySweep.RecurringJobId, s => s.RunPeriodicAsync(), Cron.Minutely());
        await Features.Lti.LtiSetup.InitializeAsync(sp, config, log);
    }

    // The gradebook rows are derived (Features/Scoring/ProblemScores): rebuilt when missing (a
    // database from before them, or one written around the application) or when the operator asks
    // with GraderHub:ProblemScores:Rebuild=true (after a restore, or to repair suspected drift).
    private static async Task EnsureProblemScoresAsync(GraderHubDbContext db, IConfiguration config, ILogger log)
    {
        var asked = config.GetValue("GraderHub:ProblemScores:Rebuild", false);
        if (!asked && !await Features.Scoring.ProblemScores.AreMissingAsync(db, default)) return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var tx = await db.Database.BeginTransactionAsync();
        var rows = await Features.Scoring.ProblemScores.RebuildAsync(db, default);
        await tx.CommitAsync();
        log.LogWarning("Rebuilt the gradebook rows ({Rows} counting pairs) in {Elapsed}", rows, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    // Outside Development the first instructor (of the seeded course) and the first administrator
    // come from the operator's own secrets (GraderHub__Bootstrap__InstructorEmail / __InstructorPassword,
    // __AdministratorEmail / __AdministratorPassword), never from a known value. Created once if missing.
    private static async Task EnsureBootstrapAccountAsync(IServiceProvider sp, GraderHubDbContext db, TimeProvider clock,
        IConfiguration config, string kind, ILogger log)
    {
        var email = config[$"GraderHub:Bootstrap:{kind}Email"];
        var password = config[$"GraderHub:Bootstrap:{kind}Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return;
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null) return;
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            log.LogError("Bootstrap {Kind} {Email} not created: {Errors}", kind, email, string.Join("; ", created.Errors.Select(e => e.Description)));
            return;
        }
        if (kind == "Administrator")
            await users.AddToRoleAsync(user, Roles.Administrator);
        else
        {
            var course = await SeedLoader.EnsureCourseAsync(db, clock);
            db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = user.Id, Role = CourseRole.Instructor, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        log.LogWarning("Created the bootstrap {Kind} {Email}", kind, email);
    }

    // The administrator operates the job dashboard; enrolled in no course, so a stranger to its grades.
    private static async Task EnsureDemoAdministratorAsync(UserManager<AppUser> users)
    {
        const string email = "admin@demo.local";
        if (await users.FindByEmailAsync(email) is not null) return;
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Ann Administrator" };
        var created = await users.CreateAsync(admin, DemoPassword);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        await users.AddToRoleAsync(admin, Roles.Administrator);
    }

    private static async Task EnsureDemoAccountsAsync(IServiceProvider sp, GraderHubDbContext db, TimeProvider clock)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var course = await SeedLoader.EnsureCourseAsync(db, clock);
        // What each may do in the course comes from the enrolment; the global role is a label.
        var accounts = new List<(string Email, string Name, string Role, CourseRole CourseRole)>
        {
            ("instructor@demo.local", "Dr. Ada Instructor", Roles.Instructor, CourseRole.Instructor),
            ("ta@demo.local", "Tom Assistant", Roles.TA, CourseRole.TA),
        };
        for (var i = 1; i <= 5; i++)
            accounts.Add(($"student{i}@demo.local", $"Student {i}", Roles.Student, CourseRole.Student));

        var studentIds = new List<string>();
        foreach (var (email, name, role, courseRole) in accounts)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
                var created = await users.CreateAsync(user, DemoPassword);
                if (!created.Succeeded)
                    throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                await users.AddToRoleAsync(user, role);
            }
            if (!await db.Enrollments.AnyAsync(e => e.CourseId == course.Id && e.UserId == user.Id))
            {
                db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = user.Id, Role = courseRole, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
            if (courseRole == CourseRole.Student) studentIds.Add(user.Id);
        }
        await EnsureDemoAdministratorAsync(users);
        await Features.Reports.DemoHistory.EnsureAsync(db, clock, sp.GetRequiredService<Features.Problems.ProblemCatalog>(), studentIds);
    }
}
