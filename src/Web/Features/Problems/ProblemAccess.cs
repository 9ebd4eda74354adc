using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// Which problem sets and problems a user may see and answer: published, and open by the
// server's clock. One place, used by pages and API alike, so both give the same answer (404).
public static class ProblemAccess
{
    public static IQueryable<ProblemSet> VisibleSets(this GraderHubDbContext db, DateTimeOffset now) =>
        db.ProblemSets.Where(s => s.IsPublished && (s.OpensAt == null || s.OpensAt <= now));

    public static IQueryable<Problem> VisibleProblems(this GraderHubDbContext db, DateTimeOffset now) =>
        db.Problems.Where(p => p.ProblemSet.IsPublished && (p.ProblemSet.OpensAt == null || p.ProblemSet.OpensAt <= now));

    public static int SeedFor(string userId, Problem problem) => SeedFor(userId, problem.ProblemSet.Key, problem.Key);

    public static int SeedFor(string userId, string setKey, string problemKey) => VariantSeeds.For(userId, setKey, problemKey);

    // The stored spec was validated when it was saved; a spec that no longer reads (a newer
    // engine) is reported as null rather than crashing the page.
    public static ProblemDefinition? Definition(Problem problem) =>
        ProblemReader.Read(problem.SpecYaml, problem.Key) is { Problem: { } p, Errors.Count: 0 } ? p : null;
}
