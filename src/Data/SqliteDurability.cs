using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GraderHub.Data;

// WAL with synchronous=NORMAL: a commit is written to the WAL but not fsynced; the WAL is synced
// at checkpoints. A killed process (kill -9, a crash, the OOM killer) loses nothing committed,
// because the written pages are in the operating system's cache; only a power cut or a kernel
// crash can roll back the last commits. FULL fsyncs every commit: 6.6 ms per commit measured on
// this machine's disk against 0.055 ms, which alone caps the site near 150 writes/s.
// The setting is per connection, hence an interceptor; "Full" in configuration restores it.
// Set once per physical connection: the pool hands the same native connection to request after
// request, and a PRAGMA on every open was a statement prepared and run per query. (Static: an
// interceptor is made per context's options; the native connections outlive them.)
public sealed class SqliteDurability(bool fullSync) : DbConnectionInterceptor
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return;
        var pragma = fullSync ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
        if (Applied.TryGetValue(handle, out var done) && done == pragma) return;
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(handle, pragma);
    }
}
