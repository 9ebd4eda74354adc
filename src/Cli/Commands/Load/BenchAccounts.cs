using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Cli.Commands.Load;

// Students for a benchmark on a site this command started: written straight into its database
// (the site has no sign-up), enrolled in the seeded course, all with one password. They sign
// in through the API like anyone else.
public static class BenchAccounts
{
    public const string Password = "Load-bench-password-1";

    public static string Email(int i) => $"load-student-{i}@bench.local";

    public static GraderHubDbContext Open(string databasePath) =>
        new(new DbContextOptionsBuilder<GraderHubDbContext>()
            .UseSqlite($"Data Source={databasePath};Default Timeout=30").Options);

    public static async Task CreateStudentsAsync(string databasePath, int count)
    {
        await using var db = Open(databasePath);
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        var roleId = await db.Roles.Where(r => r.Name == Roles.Student).Select(r => r.Id).SingleAsync();
        // One hash for all: PBKDF2 per account would take longer than the benchmark.
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Password);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var email = Email(i);
            var user = new AppUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(),
                Email = email, NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true,
                DisplayName = $"Load student {i}", PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
            db.Enrollments.Add(new Enrollment { CourseId = course.Id, UserId = user.Id, Role = CourseRole.Student, CreatedAt = now });
        }
        await db.SaveChangesAsync();
    }
}
