using GraderHub.Grading.Answers;
using GraderHub.Data.Entities;
using GraderHub.Data.PostgreSql;
using GraderHub.Tests.Shared;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_FreshSqliteFile_CreatesSchemaInWalMode()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();

        await DatabaseSetup.MigrateAsync(db);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(database.Folder, "graderhub.db")));
        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        Assert.Equal("wal", mode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_Twice_IsANoOp(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using (var db = database.CreateContext()) await DatabaseSetup.MigrateAsync(db);
        await using var again = database.CreateContext();

        await DatabaseSetup.MigrateAsync(again);

        // Every migration applied once, none pending (not a count: each new migration adds one).
        Assert.Equal(again.Database.GetMigrations(), await again.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await again.Database.GetPendingMigrationsAsync());
        Assert.Equal(provider, DatabaseSetup.ProviderOf(again));
    }

    // Both providers always, with or without a PostgreSQL server: comparing the model with the
    // last migration's snapshot needs no connection. A model change with a migration for one
    // provider only fails here (scripts/migrations adds the missing one).
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Model_MatchesTheMigrations(DatabaseProvider provider)
    {
        await using var db = DesignTimeContext(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"the model has changes without a {provider} migration: run scripts/migrations add <Name>");
    }

    // The two sets must stay in step: the same migrations by name, in the same order, so an
    // operator moving from SQLite to PostgreSQL finds the same schema history.
    [Fact]
    public async Task Migrations_SameNamesForBothProviders()
    {
        await using var sqlite = DesignTimeContext(DatabaseProvider.Sqlite);
        await using var postgres = DesignTimeContext(DatabaseProvider.PostgreSql);

        static IEnumerable<string> Names(GraderHubDbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        var sqliteNames = Names(sqlite).ToList();
        var postgresNames = Names(postgres).ToList();

        // PostgreSQL starts later: its InitialCreate is SQLite's history up to then in one step.
        var firstShared = sqliteNames.IndexOf(postgresNames[1]);
        Assert.Equal("InitialCreate", postgresNames[0]);
        Assert.True(firstShared > 0, $"PostgreSQL's second migration {postgresNames[1]} is not a SQLite migration");
        Assert.Equal(sqliteNames[firstShared..], postgresNames[1..]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Submission_RoundTripsEnumsAsSnakeCaseAndDatesInOrder(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        var (userId, problemId) = await UserAndProblemAsync(db);
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var (n, at) in new[] { (1, t0.AddHours(2)), (2, t0), (3, t0.AddHours(1)) })
        {
            var submission = new Submission { ProblemId = problemId, UserId = userId, AnswerText = "x", AttemptNumber = n, SubmittedAt = at };
            submission.RecordGrade(new GradeResult(GradeVerdict.PartiallyCorrect, 0.5, "half", null), "test", 1, at);
            db.Submissions.Add(submission);
        }
        await db.SaveChangesAsync();

        // Raw SQL is per provider: PostgreSQL folds unquoted names to lower case.
        var raw = await db.Database.SqlQueryRaw<string>(provider switch
        {
            DatabaseProvider.Sqlite => "SELECT Verdict AS Value FROM Submissions LIMIT 1",
            DatabaseProvider.PostgreSql => "SELECT \"Verdict\" AS \"Value\" FROM \"Submissions\" LIMIT 1",
        }).SingleAsync();
        var ordered = await db.Submissions.Where(s => s.SubmittedAt > t0).OrderBy(s => s.SubmittedAt).Select(s => s.AttemptNumber).ToListAsync();

        Assert.Equal("partially_correct", raw);
        Assert.Equal([3, 1], ordered);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Submission_SameAttemptNumberTwice_IsRejectedByTheDatabase(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        var (userId, problemId) = await UserAndProblemAsync(db);

        for (var i = 0; i < 2; i++)
            db.Submissions.Add(new Submission { ProblemId = problemId, UserId = userId, AnswerText = "x", AttemptNumber = 1 });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DataProtectionKeys_AreStoredInTheDatabase(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using (var db = database.CreateContext()) await DatabaseSetup.MigrateAsync(db);
        await using var write = database.CreateContext();
        write.DataProtectionKeys.Add(new() { FriendlyName = "key-1", Xml = "<key id=\"1\" />" });
        await write.SaveChangesAsync();

        await using var read = database.CreateContext();
        var key = await read.DataProtectionKeys.SingleAsync();

        Assert.Equal(("key-1", "<key id=\"1\" />"), (key.FriendlyName, key.Xml));
    }

    // Nodes started together take turns: while one holds the start-up lock, another session
    // cannot take it; once released, it can.
    [PostgresFact]
    public async Task StartupLock_PostgreSql_IsHeldUntilReleased()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.PostgreSql);
        await using var holder = database.CreateContext();
        await using var other = database.CreateContext();

        var held = await DatabaseSetup.StartupLockAsync(holder);
        var whileHeld = await TryTakeStartupLockAsync(other);
        await held.DisposeAsync();
        var afterRelease = await TryTakeStartupLockAsync(other);

        Assert.False(whileHeld);
        Assert.True(afterRelease);
    }

    private static async Task<bool> TryTakeStartupLockAsync(GraderHubDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var taken = await db.Database.SqlQueryRaw<bool>(
                "SELECT pg_try_advisory_lock(" + DatabaseSetup.StartupLockKey + ") AS \"Value\"").SingleAsync();
            if (taken) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(" + DatabaseSetup.StartupLockKey + ")");
            return taken;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static GraderHubDbContext DesignTimeContext(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new DesignTimeDbContextFactory().CreateDbContext([]),
        DatabaseProvider.PostgreSql => new PostgreSqlDesignTimeDbContextFactory().CreateDbContext([]),
    };

    private static async Task<(string UserId, int ProblemId)> UserAndProblemAsync(GraderHubDbContext db)
    {
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        var user = new AppUser { UserName = "a@b.c", Email = "a@b.c" };
        db.Users.Add(user);
        var problem = new Problem { Key = "p", Title = "P", Kind = "derivative", SpecYaml = "key: p", Version = 1 };
        db.ProblemSets.Add(new ProblemSet { CourseId = course.Id, Key = "s", Title = "S", Problems = [problem] });
        await db.SaveChangesAsync();
        return (user.Id, problem.Id);
    }
}
