using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data.Tests;

// A real SQLite file per test (never the EF in-memory provider), deleted afterwards.
public sealed class SqliteDatabase : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "graderhub-data-tests-" + Guid.NewGuid().ToString("N"));

    public GraderHubDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<GraderHubDbContext>()
            .UseSqlite(DatabaseSetup.SqliteConnectionString(Folder))
            .Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    // The repository's seed/ folder: tests load the real course, as the site does.
    public static string RepositorySeedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GraderHub.sln")))
                return Path.Combine(dir.FullName, "seed");
        }
        throw new InvalidOperationException("GraderHub.sln not found above " + AppContext.BaseDirectory);
    }
}
