using GraderHub.Data;
using Npgsql;

namespace GraderHub.Cli.Commands.Load;

// The sites a load run started, on loopback ports of their own: one node on a SQLite file that
// serves and grades, or web nodes and grading workers sharing one new PostgreSQL database
// (docs/scale-out.md), which is dropped afterwards. Kill -9 takes the nodes in turn: web 1,
// worker 1, web 2, worker 2, ... (one node on SQLite).
public sealed class LoadCluster : IAsyncDisposable
{
    private readonly List<SiteProcess> _web;
    private readonly List<SiteProcess> _workers;

    private LoadCluster(BenchDatabase database, List<SiteProcess> web, List<SiteProcess> workers)
    {
        Database = database;
        _web = web;
        _workers = workers;
    }

    public BenchDatabase Database { get; }

    public IReadOnlyList<Uri> WebUrls => _web.Select(w => w.Url!).ToList();

    public string Describe => _workers.Count == 0
        ? $"one node (serves and grades), {Database}"
        : $"{_web.Count} web nodes + {_workers.Count} grading worker(s), {Database}";

    // CPU used by all nodes since their last start.
    public TimeSpan CpuTime => _web.Concat(_workers).Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime);

    public static async Task<LoadCluster> StartSqliteAsync(string dll, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var site = SiteProcess.Create(dll, settings);
        return await StartedAsync(new LoadCluster(site.Database, [site], []), timeout);
    }

    public static async Task<LoadCluster> StartPostgreSqlAsync(string dll, string server, int webNodes, int workers,
        IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var database = BenchDatabase.NewPostgreSql(server);
        SiteProcess Node(string role) => SiteProcess.Create(dll,
            new Dictionary<string, string>(settings, StringComparer.Ordinal) { ["GraderHub__Roles"] = role }, database);
        var cluster = new LoadCluster(database,
            Enumerable.Range(0, webNodes).Select(_ => Node("web")).ToList(),
            Enumerable.Range(0, workers).Select(_ => Node("worker")).ToList());
        await StartedAsync(cluster, timeout);
        await CountGradeWritesAsync(database);
        return cluster;
    }

    // All at once: the first takes the start-up lock and migrates, the others wait for it. A
    // node that does not start stops the others (and drops the database).
    private static async Task<LoadCluster> StartedAsync(LoadCluster cluster, TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(cluster._web.Concat(cluster._workers).Select(n => n.StartAsync(timeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    // Kill number k (from 1): which node, its name, and its place among the web nodes (or -1).
    private (SiteProcess Node, string Name, int WebIndex) Victim(int k)
    {
        var order = new List<(SiteProcess, string, int)>();
        for (var i = 0; i < Math.Max(_web.Count, _workers.Count); i++)
        {
            if (i < _web.Count) order.Add((_web[i], _workers.Count == 0 ? "the site" : $"web node {i + 1}", i));
            if (i < _workers.Count) order.Add((_workers[i], $"worker {i + 1}", -1));
        }
        return order[(k - 1) % order.Count];
    }

    public async Task<string> KillAndRestartAsync(int k, LoadClient client, TimeSpan timeout)
    {
        var (node, name, webIndex) = Victim(k);
        node.KillHard();
        var down = DateTime.UtcNow;
        await node.StartAsync(timeout);
        if (webIndex >= 0) client.MoveNode(webIndex, node.Url!);
        return $"{name}; back on {node.Url} after {(DateTime.UtcNow - down).TotalSeconds:F1} s";
    }

    // PostgreSQL only: a trigger counts every write of a final grade, so the exactly-once check
    // sees a submission graded twice even when the second grade equals the first.
    private static async Task CountGradeWritesAsync(BenchDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(GradeWriteCounter, connection);
        await command.ExecuteNonQueryAsync();
    }

    public const string GradeWriteCounter = """
        CREATE TABLE IF NOT EXISTS bench_grade_writes (submission_id bigint NOT NULL);
        CREATE OR REPLACE FUNCTION bench_count_grade_write() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN INSERT INTO bench_grade_writes VALUES (NEW."Id"); RETURN NEW; END $$;
        DROP TRIGGER IF EXISTS bench_grade_write ON "Submissions";
        CREATE TRIGGER bench_grade_write AFTER UPDATE ON "Submissions" FOR EACH ROW
          WHEN (NEW."Status" IN ('graded', 'failed')) EXECUTE FUNCTION bench_count_grade_write();
        """;

    // Grade writes per submission id, from the trigger (PostgreSQL); null on SQLite.
    public async Task<IReadOnlyDictionary<long, int>?> GradeWritesAsync()
    {
        if (Database.Provider != DatabaseProvider.PostgreSql) return null;
        await using var connection = new NpgsqlConnection(Database.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT submission_id, count(*)::int FROM bench_grade_writes GROUP BY submission_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var writes = new Dictionary<long, int>();
        while (await reader.ReadAsync()) writes[reader.GetInt64(0)] = reader.GetInt32(1);
        return writes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _web.Concat(_workers)) await node.DisposeAsync();
        await Database.DropAsync();
    }
}
