using Npgsql;
using Xunit;

namespace GraderHub.Tests.Shared;

// PostgreSQL for the tests, from GRADERHUB_TEST_POSTGRES: a connection string to a server whose
// role may create databases (.ci/run sets it). Absent, the tests run on SQLite only; present,
// the data tests run on both providers and the web tests on PostgreSQL, and a server that cannot
// be reached fails them (it is never quietly skipped).
public static class TestPostgres
{
    public const string Variable = "GRADERHUB_TEST_POSTGRES";

    public static string? Server =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Enabled => Server is not null;

    // A connection string naming a database of its own that does not exist yet: migrating
    // creates it (DatabaseSetup), DropAsync removes it.
    public static string NewDatabase(string purpose)
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set");
        return new NpgsqlConnectionStringBuilder(server)
        {
            Database = $"graderhub_{purpose}_{Guid.NewGuid():N}",
        }.ToString();
    }

    public static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Database = "postgres",
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

// A test of PostgreSQL itself (several nodes, its locks): skipped, with the reason shown, where
// no server is configured; run, and failing if the server is unreachable, where one is.
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.Enabled) Skip = $"needs PostgreSQL: set {TestPostgres.Variable} (.ci/run does)";
    }
}
