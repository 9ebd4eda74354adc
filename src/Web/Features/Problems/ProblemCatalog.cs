using System.Collections.Concurrent;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// Every road that needs a stored problem's compiled form (page, API, preview, submit, grading job,
// regrade, statistics, hints, demo history) asks here. A problem's spec never changes within a
// version (a save with a new spec is a new version), so the compiled problem is kept per
// (problem id, version); the text is compared too, so a recreated database with reused ids never
// sees another problem's spec. A spec that no longer reads (a newer engine) is kept as its errors.
public sealed class ProblemCatalog
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<(int Id, int Version), ProblemReadResult> _compiled = new();
    private readonly ConcurrentDictionary<(int Id, int Version), string> _texts = new();

    public ProblemReadResult Compile(int problemId, int version, string key, string specYaml)
    {
        var id = (problemId, version);
        if (_compiled.TryGetValue(id, out var cached) && _texts.TryGetValue(id, out var text) && text == specYaml)
        {
            return cached;
        }
        var read = ProblemReader.Read(specYaml, $"problem {key} v{version}");
        if (_compiled.Count >= MaxEntries)
        {
            _compiled.Clear();
            _texts.Clear();
        }
        _texts[id] = specYaml;
        _compiled[id] = read;
        return read;
    }

    // The current version of a loaded problem; null when its spec does not read.
    public ProblemDefinition? Get(Problem problem) =>
        Compile(problem.Id, problem.Version, problem.Key, problem.SpecYaml) is { Problem: { } p, Errors.Count: 0 } ? p : null;

    // A stored version (what a submission was answered against); null when there is no such version.
    public async Task<ProblemReadResult?> VersionAsync(GraderHubDbContext db, int problemId, int version, CancellationToken ct)
    {
        if (_compiled.TryGetValue((problemId, version), out var cached))
        {
            return cached;
        }
        var stored = await db.ProblemVersions.AsNoTracking()
            .Where(v => v.ProblemId == problemId && v.Version == version)
            .Select(v => new { v.SpecYaml, v.Problem.Key })
            .SingleOrDefaultAsync(ct);
        return stored is null ? null : Compile(problemId, version, stored.Key, stored.SpecYaml);
    }

    // The student's own variant of a loaded problem (its ProblemSet included, for the seed).
    public Variant? VariantFor(string userId, Problem problem) => Get(problem)?.Variant(ProblemAccess.SeedFor(userId, problem));
}
