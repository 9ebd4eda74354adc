using GraderHub.Grading.Answers;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    [Fact]
    public async Task Migrate_FreshFile_CreatesSchemaInWalMode()
    {
        await using var db = _database.CreateContext();

        await DatabaseSetup.MigrateAsync(db);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_database.Folder, "graderhub.db")));
        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Migrate_Twice_IsANoOp()
    {
        await using (var db = _database.CreateContext()) await DatabaseSetup.MigrateAsync(db);
        await using var again = _database.CreateContext();

        await DatabaseSetup.MigrateAsync(again);

        // Every migration applied once, none pending (not a count: each new migration adds one).
        Assert.Equal(again.Database.GetMigrations(), await again.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await again.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void Model_MatchesTheMigrations()
    {
        // A model change without a new migration would make MigrateAsync leave the schema behind.
        using var db = _database.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Submission_RoundTripsEnumsAsSnakeCaseAndDatesInOrder()
    {
        await using var db = _database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        var user = new AppUser { UserName = "a@b.c", Email = "a@b.c" };
        db.Users.Add(user);
        var problem = new Problem { Key = "p", Title = "P", Kind = "derivative", SpecYaml = "key: p", Version = 1 };
        db.ProblemSets.Add(new ProblemSet { CourseId = course.Id, Key = "s", Title = "S", Problems = [problem] });
        await db.SaveChangesAsync();
        var t0 = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        foreach (var (n, at) in new[] { (1, t0.AddHours(2)), (2, t0), (3, t0.AddHours(1)) })
        {
            var submission = new Submission { ProblemId = problem.Id, UserId = user.Id, AnswerText = "x", AttemptNumber = n, SubmittedAt = at };
            submission.RecordGrade(new GradeResult(GradeVerdict.PartiallyCorrect, 0.5, "half", null), "test", 1, at);
            db.Submissions.Add(submission);
        }
        await db.SaveChangesAsync();

        var raw = await db.Database.SqlQueryRaw<string>("SELECT Verdict AS Value FROM Submissions LIMIT 1").SingleAsync();
        var ordered = await db.Submissions.Where(s => s.SubmittedAt > t0).OrderBy(s => s.SubmittedAt).Select(s => s.AttemptNumber).ToListAsync();

        Assert.Equal("partially_correct", raw);
        Assert.Equal([3, 1], ordered);
    }

    [Fact]
    public async Task Submission_SameAttemptNumberTwice_IsRejectedByTheDatabase()
    {
        await using var db = _database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);
        var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
        var user = new AppUser { UserName = "a@b.c", Email = "a@b.c" };
        db.Users.Add(user);
        var problem = new Problem { Key = "p", Title = "P", Kind = "derivative", SpecYaml = "key: p", Version = 1 };
        db.ProblemSets.Add(new ProblemSet { CourseId = course.Id, Key = "s", Title = "S", Problems = [problem] });
        await db.SaveChangesAsync();

        for (var i = 0; i < 2; i++)
            db.Submissions.Add(new Submission { ProblemId = problem.Id, UserId = user.Id, AnswerText = "x", AttemptNumber = 1 });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    public void Dispose() => _database.Dispose();
}
