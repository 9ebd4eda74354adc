using GraderHub.Data;
using GraderHub.Data.Entities;
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
}
