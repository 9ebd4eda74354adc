using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Data.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GraderHub.Cli.Commands.Load;

// The database of the sites a benchmark started: the SQLite file of its one node, or the
// PostgreSQL database its nodes share. The benchmark writes its students there and reads the
// grades back for the exactly-once check.
public sealed record BenchDatabase(DatabaseProvider Provider, string Connection)
{
    public static BenchDatabase Sqlite(string path) => new(DatabaseProvider.Sqlite, $"Data Source={path};Default Timeout=30");

    // A database of its own on the given server (created by the first node, dropped by DropAsync).
    public static BenchDatabase NewPostgreSql(string server) => new(DatabaseProvider.PostgreSql,
        new NpgsqlConnectionStringBuilder(server) { Database = "graderhub_load_" + Guid.NewGuid().ToString("N")[..12] }.ToString());

    public override string ToString() => Provider switch
    {
        DatabaseProvider.Sqlite => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Connection).DataSource,
        DatabaseProvider.PostgreSql => $"PostgreSQL database {new NpgsqlConnectionStringBuilder(Connection).Database}",
    };

    public GraderHubDbContext Open() => Provider switch
    {
        DatabaseProvider.Sqlite => new GraderHubDbContext(new DbContextOptionsBuilder<GraderHubDbContext>().UseSqlite(Connection).Options),
        DatabaseProvider.PostgreSql => new PostgreSqlGraderHubDbContext(new DbContextOptionsBuilder<PostgreSqlGraderHubDbContext>().UseNpgsql(Connection).Options),
    };

    public async Task DropAsync()
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                break;
            case DatabaseProvider.PostgreSql:
                NpgsqlConnection.ClearAllPools();
                var name = new NpgsqlConnectionStringBuilder(Connection).Database;
                await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Connection) { Database = "postgres", Pooling = false }.ToString()))
                {
                    await connection.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                }
                break;
        }
    }
}

// Students for a benchmark on a site this command started: written straight into its database
// (the site has no sign-up), enrolled in the seeded course, all with one password. They sign
// in through the API like anyone else.
public static class BenchAccounts
{
    public const string Password = "Load-bench-password-1";

    public static string Email(int i) => $"load-student-{i}@bench.local";

    public static async Task CreateStudentsAsync(BenchDatabase database, int count)
    {
        await using var db = database.Open();
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
