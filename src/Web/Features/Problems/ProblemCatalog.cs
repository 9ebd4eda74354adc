using System.Collections.Concurrent;
using GraderHub.Data;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// Problem specs read once per (problem id, version): a version never changes once saved
// (edits make a new version), so the cache needs no invalidation. Submitting and grading read
// the spec from here instead of parsing its YAML on every request.
public sealed class ProblemCatalog
{
    // A spec that does not read (a newer engine refusing an old spec) is cached as null too.
    private readonly ConcurrentDictionary<(int ProblemId, int Version), ProblemDefinition?> _definitions = new();

    public const int MaxEntries = 10_000;

    public ProblemDefinition? Get(int problemId, int version, string key, string specYaml) =>
        _definitions.TryGetValue((problemId, version), out var cached) ? cached : Add(problemId, version, Read(specYaml, key));

    // The spec of a stored version, loading its YAML only on a miss; null when the version does
    // not exist or does not read.
    public async Task<(bool Exists, ProblemDefinition? Definition)> GetAsync(GraderHubDbContext db, int problemId, int version, CancellationToken ct)
    {
        if (_definitions.TryGetValue((problemId, version), out var cached)) return (true, cached);
        var row = await db.ProblemVersions.AsNoTracking()
            .Where(v => v.ProblemId == problemId && v.Version == version)
            .Select(v => new { v.SpecYaml, v.Problem.Key })
            .SingleOrDefaultAsync(ct);
        return row is null ? (false, null) : (true, Add(problemId, version, Read(row.SpecYaml, row.Key)));
    }

    private ProblemDefinition? Add(int problemId, int version, ProblemDefinition? definition)
    {
        if (_definitions.Count >= MaxEntries) _definitions.Clear();
        _definitions[(problemId, version)] = definition;
        return definition;
    }

    private static ProblemDefinition? Read(string specYaml, string key) =>
        ProblemReader.Read(specYaml, key) is { Problem: { } p, Errors.Count: 0 } ? p : null;
}
