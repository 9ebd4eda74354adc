using GraderHub.Data;

namespace GraderHub.Web.Infrastructure;

// What a node does (GraderHub:Roles): serve pages and the API, run the grading jobs, or both.
public enum NodeRole { Web, Worker, Both }

// How an accepted answer reaches a grader and how its grade is stored (Features/Submissions).
//   InProcessQueue: the fair in-memory GradingQueue, GradingWorkers in this process, grades
//     stored in batches by GradeWriter (only onto a submission still open). Safe because this
//     process is the only grader there is (SQLite, one node).
//   ClaimedJobs: a GradeSubmissionJob in the shared Hangfire storage, run by any worker node,
//     which claims the row (GradingClaim, compare-and-set) and writes the grade only while its
//     claim is current. Safe with any number of nodes grading at once (PostgreSQL).
public enum GradingRoad { InProcessQueue, ClaimedJobs }

// The shape of this process in a deployment, from configuration, checked once at start-up so
// a wrong value stops the node with a message instead of running half a site.
//   GraderHub:Database = Sqlite (default) | PostgreSql
//   GraderHub:Roles    = both (default) | web | worker
//   ConnectionStrings:GraderHub (required for PostgreSql; for SQLite it overrides DataFolder)
public sealed record Deployment(DatabaseProvider Database, NodeRole Role)
{
    public bool ServesWeb => Role switch
    {
        NodeRole.Web => true,
        NodeRole.Worker => false,
        NodeRole.Both => true,
    };

    public bool RunsJobs => Role switch
    {
        NodeRole.Web => false,
        NodeRole.Worker => true,
        NodeRole.Both => true,
    };

    // The one place that picks the grading road for a database; SubmitAnswer, RecoverySweep,
    // the start-up sweep and the service registration all switch over this, never over Database.
    public GradingRoad Grading => Database switch
    {
        DatabaseProvider.Sqlite => GradingRoad.InProcessQueue,
        DatabaseProvider.PostgreSql => GradingRoad.ClaimedJobs,
    };

    // On the in-process road the jobs live in this process's memory, so this node is the only
    // grader there is; claimed jobs are shared by every node.
    public bool OnlyGrader => Grading switch
    {
        GradingRoad.InProcessQueue => true,
        GradingRoad.ClaimedJobs => false,
    };

    public static Deployment From(IConfiguration config)
    {
        var database = Parse(config, "GraderHub:Database", DatabaseProvider.Sqlite);
        var role = Parse(config, "GraderHub:Roles", NodeRole.Both);
        if (database == DatabaseProvider.Sqlite && role != NodeRole.Both)
            throw new InvalidOperationException(
                $"GraderHub:Roles = {role} needs GraderHub:Database = PostgreSql: with SQLite the job queue is in this process's memory, so one node serves and grades (Roles = both).");
        if (database == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(config.GetConnectionString("GraderHub")))
            throw new InvalidOperationException(
                "GraderHub:Database = PostgreSql needs ConnectionStrings:GraderHub (e.g. Host=127.0.0.1;Database=graderhub;Username=graderhub;Password=...).");
        return new Deployment(database, role);
    }

    // Names only (case-insensitive), never numbers: "1" is not a database.
    private static T Parse<T>(IConfiguration config, string key, T fallback) where T : struct, Enum
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
            return Enum.Parse<T>(name);
        throw new InvalidOperationException(
            $"{key} = '{text}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
    }
}
