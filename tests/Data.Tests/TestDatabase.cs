using GraderHub.Data.PostgreSql;
using GraderHub.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data.Tests;

// A real database per test, never the EF in-memory provider: a SQLite file in a folder of its
// own, or a PostgreSQL database of its own (GRADERHUB_TEST_POSTGRES), removed afterwards.
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgres;

    private TestDatabase(DatabaseProvider provider)
    {
        Provider = provider;
        _postgres = provider switch
        {
            DatabaseProvider.Sqlite => null,
            DatabaseProvider.PostgreSql => TestPostgres.NewDatabase("data"),
        };
    }

    public DatabaseProvider Provider { get; }

    // Scratch space of the test (SQLite keeps its file here).
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "graderhub-data-tests-" + Guid.NewGuid().ToString("N"));

    // Every provider the tests can reach here: SQLite always, PostgreSQL when configured.
    public static TheoryData<DatabaseProvider> Providers
    {
        get
        {
            var providers = new TheoryData<DatabaseProvider> { DatabaseProvider.Sqlite };
            if (TestPostgres.Enabled) providers.Add(DatabaseProvider.PostgreSql);
            return providers;
        }
    }

    public static TestDatabase Create(DatabaseProvider provider) => new(provider);

    public GraderHubDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new GraderHubDbContext(new DbContextOptionsBuilder<GraderHubDbContext>()
            .UseSqlite(DatabaseSetup.SqliteConnectionString(Folder)).Options),
        DatabaseProvider.PostgreSql => new PostgreSqlGraderHubDbContext(new DbContextOptionsBuilder<PostgreSqlGraderHubDbContext>()
            .UseNpgsql(_postgres).Options),
    };

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await TestPostgres.DropAsync(_postgres);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (DirectoryNotFoundException) { } catch (IOException) { }
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
