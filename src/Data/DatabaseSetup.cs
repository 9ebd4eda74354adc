using System.Diagnostics;
using GraderHub.Data.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GraderHub.Data;

// Which database the site runs on (GraderHub:Database). One machine: SQLite, a file next to the
// site. Several machines: PostgreSQL, one database every node shares (docs/scale-out.md).
public enum DatabaseProvider { Sqlite, PostgreSql }

public static class DatabaseSetup
{
    // "Data Source=<dataFolder>/graderhub.db", creating the folder. A full connection string in
    // configuration wins over this.
    public static string SqliteConnectionString(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "graderhub.db"),
            // Waits for a busy writer instead of failing at once (grading jobs write while pages read).
            DefaultTimeout = 30,
        }.ToString();
    }

    // GraderHubDbContext is what every feature asks for; on PostgreSQL the instance is the
    // PostgreSQL context type, whose migrations are the PostgreSQL ones. The connection string
    // is read when a context is made, so a test host's settings win (STACK.md, 4).
    public static IServiceCollection AddGraderHubDbContext(this IServiceCollection services,
        DatabaseProvider provider, Func<IServiceProvider, string> connectionString,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null) => provider switch
        {
            // Pooled contexts, with options built once (on first use, so a test host's settings
            // still win). A new context resolves EF's internal services in a scope of its own; a
            // submission makes four contexts (the post, its grading, the grade writer's batch,
            // the poll), and those scopes' dictionaries were the largest type in its allocation
            // samples (issue 12). A context goes back to the pool reset (tracking, transaction,
            // command timeout), and holds no state of ours.
            DatabaseProvider.Sqlite => services.AddDbContextPool<GraderHubDbContext>(
                (sp, o) => { o.UseSqlite(connectionString(sp)); configure?.Invoke(sp, o); }),
            DatabaseProvider.PostgreSql => services.AddDbContextPool<GraderHubDbContext, PostgreSqlGraderHubDbContext>(
                (sp, o) => { o.UseNpgsql(connectionString(sp)); configure?.Invoke(sp, o); }),
        };

    public static DatabaseProvider ProviderOf(GraderHubDbContext db) =>
        db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;

    public static async Task MigrateAsync(GraderHubDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers (pages, polling) proceed while a grading job writes. The mode is
            // stored in the database file, so setting it once per start is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    // Holds every other node's start-up (migrations, seed, roles, the first data-protection key,
    // the job storage's schema) until this one has finished, so nodes started together cannot
    // seed twice or each make a key the others do not know yet. On PostgreSQL a session-level
    // advisory lock on this context's connection; SQLite serves one node, so there is no one to wait for.
    public static async Task<IAsyncDisposable> StartupLockAsync(GraderHubDbContext db, CancellationToken ct = default) =>
        ProviderOf(db) switch
        {
            DatabaseProvider.Sqlite => NoLock.Instance,
            DatabaseProvider.PostgreSql => await AdvisoryLock.AcquireAsync(db, ct),
        };

    // Any fixed 64-bit number names the lock; this one reads "GraderHb" in ASCII.
    public const string StartupLockKey = "5148284407864510562";

    // Migrate would create a missing database too, but the lock needs a connection first. Two
    // nodes creating it at once: the loser's "already exists" is the answer it wanted.
    private static async Task EnsurePostgreSqlDatabaseAsync(GraderHubDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct)) return;
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class AdvisoryLock : IAsyncDisposable
    {
        private const string Key = StartupLockKey;
        private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);
        private readonly GraderHubDbContext _db;

        private AdvisoryLock(GraderHubDbContext db) => _db = db;

        public static async Task<IAsyncDisposable> AcquireAsync(GraderHubDbContext db, CancellationToken ct)
        {
            await EnsurePostgreSqlDatabaseAsync(db, ct);
            await db.Database.OpenConnectionAsync(ct);
            // Polled rather than waited for in one statement: the first node's start-up (migrating
            // a big database) may outlast any command timeout.
            var waiting = Stopwatch.StartNew();
            while (!await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_lock(" + Key + ") AS \"Value\"").SingleAsync(ct))
            {
                if (waiting.Elapsed > MaxWait)
                    throw new TimeoutException($"another node has held the start-up lock for {MaxWait.TotalMinutes} minutes");
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
            return new AdvisoryLock(db);
        }

        public async ValueTask DisposeAsync()
        {
            await _db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(" + Key + ")");
            await _db.Database.CloseConnectionAsync();
        }
    }
}
