using GraderHub.Data;
using GraderHub.Data.Entities;

namespace GraderHub.Web.Tests.Infrastructure;

// A problem set of its own for each test, so no test depends on another's submissions or on
// the seeded course. The problem has no random parameters: its answers are known by hand.
public sealed class ProblemSetBuilder
{
    private bool _published = true;
    private DateTimeOffset? _opensAt;
    private int? _maxAttempts;
    private DateTimeOffset? _hardCloseAt;
    private string _function = "sin(x^2)";
    private (string Kind, string Yaml)? _spec;
    private SolutionRelease _release = SolutionRelease.AfterDue;

    public ProblemSetBuilder Unpublished() { _published = false; return this; }
    public ProblemSetBuilder OpensAt(DateTimeOffset at) { _opensAt = at; return this; }
    public ProblemSetBuilder MaxAttempts(int n) { _maxAttempts = n; return this; }
    public ProblemSetBuilder HardCloseAt(DateTimeOffset at) { _hardCloseAt = at; return this; }
    public ProblemSetBuilder Function(string f) { _function = f; return this; }
    // A problem of another kind: its whole spec (key 'chain', as the default problem's).
    public ProblemSetBuilder Spec(string kind, string yaml) { _spec = (kind, yaml); return this; }
    public ProblemSetBuilder Solutions(SolutionRelease release) { _release = release; return this; }

    public static string SpecYaml(string key, string function) => $$$"""
        key: {{{key}}}
        title: Chain rule test
        kind: derivative
        points: 2
        variables: [x]
        function: "{{{function}}}"
        wrt: x
        statement: |
          Differentiate $f(x) = {{f}}$ with respect to $x$.
        """;

    public async Task<(int SetId, int ProblemId)> SaveAsync(WebHostFixture host)
    {
        var key = "t-" + Guid.NewGuid().ToString("N")[..12];
        var spec = _spec?.Yaml ?? SpecYaml("chain", _function);
        return await host.WithDbAsync(async db =>
        {
            var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
            var now = DateTimeOffset.UtcNow;
            var problem = new Problem
            {
                Key = "chain", Position = 1, Title = "Chain rule test", Kind = _spec?.Kind ?? "derivative", Points = 2,
                SpecYaml = spec, Version = 1, UpdatedAt = now,
                Versions = [new ProblemVersion { Version = 1, SpecYaml = spec, CreatedAt = now }],
            };
            var set = new ProblemSet
            {
                CourseId = course.Id, Key = key, Title = "Test set " + key, Week = 99, IsPublished = _published,
                OpensAt = _opensAt, MaxAttempts = _maxAttempts, HardCloseAt = _hardCloseAt, SolutionRelease = _release, CreatedAt = now, UpdatedAt = now, Problems = [problem],
            };
            db.ProblemSets.Add(set);
            await db.SaveChangesAsync();
            return (set.Id, problem.Id);
        });
    }
}
