using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Submissions;
using Hangfire;
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

        await DatabaseSetup.MigrateAsync(db);
        await EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());

        var seedFolder = config["GraderHub:SeedFolder"] ?? Path.Combine(AppContext.BaseDirectory, "seed");
        var report = await SeedLoader.LoadAsync(db, seedFolder, clock);
        foreach (var error in report.Errors) log.LogError("Seed file error: {Error}", error.ToString());
        if (report.Added.Count > 0) log.LogInformation("Seeded problem sets: {Sets}", string.Join(", ", report.Added));

        // Known passwords exist only on a developer's machine, never in Staging or Production.
        if (env.IsDevelopment() && config.GetValue("GraderHub:DemoAccounts", true))
            await EnsureDemoAccountsAsync(sp, db, clock);

        await EnsureBootstrapInstructorAsync(sp, config, log);

        var requeued = await sp.GetRequiredService<RecoverySweep>().RunAsync(TimeSpan.Zero);
        if (requeued > 0) log.LogWarning("Re-enqueued {Count} submissions left queued or grading", requeued);
        sp.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RecoverySweep>(
            "recover-submissions", s => s.RunPeriodicAsync(), Cron.Minutely());
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    // Outside Development the first instructor comes from the operator's own secret
    // (GraderHub__Bootstrap__InstructorEmail / __InstructorPassword), never from a known value.
    private static async Task EnsureBootstrapInstructorAsync(IServiceProvider sp, IConfiguration config, ILogger log)
    {
        var email = config["GraderHub:Bootstrap:InstructorEmail"];
        var password = config["GraderHub:Bootstrap:InstructorPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return;
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null) return;
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            log.LogError("Bootstrap instructor {Email} not created: {Errors}", email, string.Join("; ", created.Errors.Select(e => e.Description)));
            return;
        }
        await users.AddToRoleAsync(user, Roles.Instructor);
        log.LogWarning("Created the bootstrap instructor {Email}", email);
    }

    private static async Task EnsureDemoAccountsAsync(IServiceProvider sp, GraderHubDbContext db, TimeProvider clock)
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var course = await SeedLoader.EnsureCourseAsync(db, clock);
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
        await Features.Reports.DemoHistory.EnsureAsync(db, clock, sp.GetRequiredService<Features.Problems.ProblemCatalog>(), studentIds);
    }
}
