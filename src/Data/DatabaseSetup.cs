using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data;

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
}
