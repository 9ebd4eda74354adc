using System.Collections.Concurrent;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// Every road that needs a stored problem's compiled form (page, API, preview, submit, grading,
// regrade, statistics, hints, demo history) asks here. A problem's spec never changes within a
// version (a save with a new spec is a new version), so the compiled problem is kept per
// (problem id, version) with no invalidation; where the caller has the text it is compared too, so
// a recreated database with reused ids never sees another problem's spec. A spec that does not
// read (a newer engine refusing an old spec) is kept as its errors.
public sealed class ProblemCatalog
{
    public const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(int ProblemId, int Version), (string Text, ProblemReadResult Read)> _compiled = new();

    public ProblemReadResult Compile(int problemId, int version, string key, string specYaml)
    {
        if (_compiled.TryGetValue((problemId, version), out var cached) && cached.Text == specYaml)
        {
            return cached.Read;
        }
        var read = ProblemReader.Read(specYaml, $"problem {key} v{version}");
        if (_compiled.Count >= MaxEntries)
        {
            _compiled.Clear();
        }
        _compiled[(problemId, version)] = (specYaml, read);
        return read;
    }

    // Null when the spec does not read.
    public ProblemDefinition? Get(int problemId, int version, string key, string specYaml) => Usable(Compile(problemId, version, key, specYaml));

    // The current version of a loaded problem.
    public ProblemDefinition? Get(Problem problem) => Get(problem.Id, problem.Version, problem.Key, problem.SpecYaml);

    // A stored version (what a submission was answered against), loading its YAML only on a miss;
    // Exists is false when there is no such version, Definition null when it does not read.
    public async Task<(bool Exists, ProblemDefinition? Definition)> GetAsync(GraderHubDbContext db, int problemId, int version, CancellationToken ct)
    {
        if (_compiled.TryGetValue((problemId, version), out var cached))
        {
            return (true, Usable(cached.Read));
        }
        var row = await db.ProblemVersions.AsNoTracking()
            .Where(v => v.ProblemId == problemId && v.Version == version)
            .Select(v => new { v.SpecYaml, v.Problem.Key })
            .SingleOrDefaultAsync(ct);
        return row is null ? (false, null) : (true, Get(problemId, version, row.Key, row.SpecYaml));
    }

    // The student's own variant of a loaded problem (its ProblemSet included, for the seed).
    public Variant? VariantFor(string userId, Problem problem) => Get(problem)?.Variant(ProblemAccess.SeedFor(userId, problem));

    private static ProblemDefinition? Usable(ProblemReadResult read) => read is { Problem: { } p, Errors.Count: 0 } ? p : null;
}
