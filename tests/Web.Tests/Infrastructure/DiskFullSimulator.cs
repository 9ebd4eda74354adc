using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GraderHub.Web.Tests.Infrastructure;

// A full disk without a tiny filesystem: SQLite's max_page_count (per connection) set to the
// database's current size on every connection the site opens, so any write that needs a new
// page fails with SQLITE_FULL, as on a full disk.
public sealed class DiskFullSimulator : DbConnectionInterceptor
{
    private volatile bool _full;
    private volatile bool _wasFull;

    public IDisposable Fill()
    {
        _full = _wasFull = true;
        return new Release(this);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        // A SQLite pragma; on PostgreSQL (the suite's other pass) there is nothing to apply.
        if (!_wasFull || connection is not Microsoft.Data.Sqlite.SqliteConnection) return;
        using var command = connection.CreateCommand();
        if (_full)
        {
            command.CommandText = "PRAGMA page_count;";
            var pages = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = $"PRAGMA max_page_count = {pages};";
        }
        else
        {
            // Pooled connections keep the pragma: give them their room back.
            command.CommandText = "PRAGMA max_page_count = 1073741823;";
        }
        command.ExecuteNonQuery();
    }

    private sealed class Release(DiskFullSimulator owner) : IDisposable
    {
        public void Dispose() => owner._full = false;
    }
}
