using System.Net;
using GraderHub.Tests.Shared;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Security;

// Issue 11, item 3: /health proves the database takes writes, and tells an anonymous caller
// the status and nothing else.
[Collection(WebCollection.Name)]
public sealed class HealthTests(WebHostFixture host)
{
    [SqliteFact]
    public async Task Health_DatabaseLockedByAnotherWriter_IsUnhealthy_ThenHealthyAgain()
    {
        var connectionString = await host.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var client = host.CreateBrowserClient();
        await using (var other = new SqliteConnection(connectionString))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                // Another process holding the write lock: reads still work, writes cannot.
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }

            var locked = await client.GetAsync("/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
            Assert.Equal("{\"status\":\"Unhealthy\"}", await locked.Content.ReadAsStringAsync());
            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
