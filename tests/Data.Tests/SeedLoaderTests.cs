using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data.Tests;

public sealed class SeedLoaderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Load_RepositorySeed_AddsWeek1WithItsProblemsAndVersions(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);

        var report = await SeedLoader.LoadAsync(db, TestDatabase.RepositorySeedFolder(), TimeProvider.System);

        Assert.Empty(report.Errors);
        Assert.Contains("week-1", report.Added);
        var week1 = await db.ProblemSets.Include(s => s.Problems).ThenInclude(p => p.Versions).SingleAsync(s => s.Key == "week-1");
        Assert.True(week1.IsPublished);
        Assert.True(week1.Problems.Count >= 6);
        Assert.All(week1.Problems, p =>
        {
            Assert.Equal(1, p.Version);
            Assert.Equal(p.SpecYaml, Assert.Single(p.Versions).SpecYaml);
        });
        Assert.Equal(Enumerable.Range(1, week1.Problems.Count), week1.Problems.Select(p => p.Position).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Load_Twice_AddsNothingTheSecondTime(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var seed = TestDatabase.RepositorySeedFolder();
        await using (var db = database.CreateContext())
        {
            await DatabaseSetup.MigrateAsync(db);
            await SeedLoader.LoadAsync(db, seed, TimeProvider.System);
        }
        await using var again = database.CreateContext();
        var before = (await again.ProblemSets.CountAsync(), await again.Problems.CountAsync(), await again.Courses.CountAsync());

        var report = await SeedLoader.LoadAsync(again, seed, TimeProvider.System);

        Assert.Empty(report.Added);
        Assert.Contains("week-1", report.Skipped);
        Assert.Equal(before, (await again.ProblemSets.CountAsync(), await again.Problems.CountAsync(), await again.Courses.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Load_BrokenFile_ReportsLineAndLoadsTheOthers(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider);
        var folder = Path.Combine(database.Folder, "seed");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(TestDatabase.RepositorySeedFolder(), "week-1.yaml"), Path.Combine(folder, "week-1.yaml"));
        await File.WriteAllTextAsync(Path.Combine(folder, "week-9.yaml"), "key: week-9\ntitle: [unclosed\n");
        await using var db = database.CreateContext();
        await DatabaseSetup.MigrateAsync(db);

        var report = await SeedLoader.LoadAsync(db, folder, TimeProvider.System);

        Assert.Equal(["week-1"], report.Added);
        var error = Assert.Single(report.Errors.Select(e => e.Source).Distinct());
        Assert.Equal("week-9.yaml", error);
        Assert.All(report.Errors, e => Assert.True(e.Line >= 1));
    }

}
