using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Hints;

public abstract record HintOutcome
{
    public sealed record Revealed(string HintMarkdown, double Penalty) : HintOutcome;
    public sealed record NoHint : HintOutcome;
    public sealed record NotFound : HintOutcome;
}

// A student asks for a problem's hint: recorded once, with the author's penalty at that moment;
// answers given afterwards lose it (Scoring/ScorePolicy). Asking again shows the hint at no extra cost.
public sealed class RevealHint(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog)
{
    public async Task<HintOutcome> HandleAsync(string userId, int problemId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.OpenProblemAsync(userId, problemId, now, ct) is not { Problem: var problem }) return new HintOutcome.NotFound();
        var hint = catalog.VariantFor(userId, problem)?.Render().Hint;
        if (hint is null) return new HintOutcome.NoHint();

        var penalty = await db.HintReveals.Where(h => h.UserId == userId && h.ProblemId == problemId)
            .Select(h => (double?)h.Penalty).SingleOrDefaultAsync(ct);
        if (penalty is null)
        {
            var reveal = new HintReveal { ProblemId = problemId, UserId = userId, Penalty = problem.HintPenalty, RevealedAt = now };
            db.HintReveals.Add(reveal);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two clicks racing: the unique (user, problem) index kept the first; use it.
                db.Entry(reveal).State = EntityState.Detached;
            }
            penalty = await db.HintReveals.Where(h => h.UserId == userId && h.ProblemId == problemId)
                .Select(h => h.Penalty).SingleAsync(ct);
        }
        return new HintOutcome.Revealed(hint, penalty.Value);
    }
}
