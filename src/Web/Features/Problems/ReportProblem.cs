using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Problems;

// "Report a problem": the student's words with the variant they saw (seed and spec version), so
// the TA reading the review queue sees the very statement the student saw.
public sealed class ReportProblem(GraderHubDbContext db, TimeProvider clock)
{
    public const int MaxOpenPerStudent = 5;

    public abstract record Outcome
    {
        public sealed record Stored : Outcome;
        public sealed record NotFound : Outcome;
        public sealed record Invalid(string Error) : Outcome;
    }

    public async Task<Outcome> HandleAsync(string userId, int problemId, string? message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenProblemAsync(userId, problemId, now, ct) is not { Problem: var problem }) return new Outcome.NotFound();
        var text = message?.Trim() ?? "";
        if (text.Length == 0) return new Outcome.Invalid("Say in a few words what is wrong with the question.");
        if (text.Length > Limits.ReportMaxLength) return new Outcome.Invalid($"Keep the report under {Limits.ReportMaxLength} characters.");
        // A bound, so one student cannot fill the queue: open reports wait for a TA.
        if (await db.ProblemReports.CountAsync(r => r.UserId == userId && r.ProblemId == problemId && r.ResolvedAt == null, ct) >= MaxOpenPerStudent)
            return new Outcome.Invalid($"You already have {MaxOpenPerStudent} open reports on this problem; your teaching staff will look at them.");
        db.ProblemReports.Add(new ProblemReport
        {
            ProblemId = problemId,
            UserId = userId,
            VariantSeed = ProblemAccess.SeedFor(userId, problem),
            ProblemVersion = problem.Version,
            Message = text,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return new Outcome.Stored();
    }
}
