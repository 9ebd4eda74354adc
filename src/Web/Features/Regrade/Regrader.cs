using GraderHub.Grading.Feedback;
using System.Globalization;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Submissions;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Solutions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Regrade;

public sealed record RegradeChange(long SubmissionId, string Student, string Problem, string Answer,
    Verdict? OldVerdict, double? OldScore, Verdict NewVerdict, double NewScore, bool Overridden);

// Grades submissions again against their problem's current spec (after a fix). The plan is the
// dry run: what would change, nothing written. Apply writes only the submissions that change;
// overrides are never touched and, being later than any grader score, still decide the grade.
// The feedback is chosen as for a new answer (FeedbackPolicy): values once the solution is out.
public sealed class Regrader(GraderHubDbContext db, TimeProvider clock, ProblemCatalog catalog, Lti.ScoreOutbox outbox)
{
    public const int BatchSize = 100;

    public async Task<IReadOnlyList<RegradeChange>> PlanAsync(IReadOnlyList<int> problemIds, CancellationToken ct)
    {
        var changes = new List<RegradeChange>();
        var specs = await SpecsAsync(problemIds, ct);
        var rows = await db.Submissions.AsNoTracking()
            .Where(s => problemIds.Contains(s.ProblemId) && (s.Status == SubmissionStatus.Graded || s.Status == SubmissionStatus.Failed))
            .OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.ProblemId, s.VariantSeed, s.AnswerText, s.Verdict, s.Score, s.User.DisplayName, s.Problem.Title, Overridden = s.Overrides.Any() })
            .ToListAsync(ct);
        foreach (var s in rows)
        {
            if (specs.GetValueOrDefault(s.ProblemId) is not { } spec) continue;
            var result = spec.Definition.Variant(s.VariantSeed).Grade(s.AnswerText, FeedbackDetail.Words);
            var verdict = StoredGrade.VerdictOf(result.Verdict);
            var score = StoredGrade.ScoreOf(result.Score);
            if (verdict != s.Verdict || score != s.Score)
                changes.Add(new RegradeChange(s.Id, s.DisplayName, s.Title, s.AnswerText, s.Verdict, s.Score, verdict, score, s.Overridden));
        }
        return changes;
    }

    // Returns (done, total) after each batch so the job can report progress.
    public async Task<int> ApplyAsync(IReadOnlyList<int> problemIds, string? byUserId, Func<int, int, Task> progress, CancellationToken ct)
    {
        var specs = await SpecsAsync(problemIds, ct);
        var ids = await db.Submissions.Where(s => problemIds.Contains(s.ProblemId)
                && (s.Status == SubmissionStatus.Graded || s.Status == SubmissionStatus.Failed))
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var changed = 0;
        var details = new Dictionary<(string UserId, int ProblemId), FeedbackDetail>();
        for (var i = 0; i < ids.Count; i += BatchSize)
        {
            var batch = ids.Skip(i).Take(BatchSize).ToList();
            var regraded = new List<long>();
            var now = clock.GetUtcNow();
            foreach (var s in await db.Submissions.Where(s => batch.Contains(s.Id)).ToListAsync(ct))
            {
                if (specs.GetValueOrDefault(s.ProblemId) is not { } spec) continue;
                // The feedback a new answer would get now: values where the solution is released.
                if (!details.TryGetValue((s.UserId, s.ProblemId), out var detail))
                    details[(s.UserId, s.ProblemId)] = detail = await FeedbackPolicy.ForAsync(db, s.UserId, s.ProblemId, now, ct);
                var result = spec.Definition.Variant(s.VariantSeed).Grade(s.AnswerText, detail);
                if (s.RecordGrade(result, ProblemGrading.GraderVersion, spec.Version, clock.GetUtcNow()))
                {
                    changed++;
                    regraded.Add(s.Id);
                }
            }
            // The new grades and the LTI scores they change, committed together.
            await outbox.SaveWithScoresAsync(async o =>
            {
                await Scoring.ProblemScores.RefreshForSubmissionsAsync(db, regraded, ct);
                return await o.RecordForSubmissionsAsync(regraded, ct);
            }, ct);
            db.ChangeTracker.Clear();
            await progress(Math.Min(i + BatchSize, ids.Count), ids.Count);
        }
        if (ids.Count == 0) await progress(0, 0);
        db.AuditLog.Add(new AuditLogEntry
        {
            At = clock.GetUtcNow(), UserId = byUserId, Action = "regrade", EntityType = nameof(Problem),
            EntityId = string.Join(",", problemIds.Select(p => p.ToString(CultureInfo.InvariantCulture))),
            Details = JsonSerializer.Serialize(new { submissions = ids.Count, changed }),
        });
        await db.SaveChangesAsync(ct);
        return changed;
    }

    private sealed record CurrentSpec(ProblemDefinition Definition, int Version);

    private async Task<Dictionary<int, CurrentSpec>> SpecsAsync(IReadOnlyList<int> problemIds, CancellationToken ct)
    {
        var problems = await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Key, p.SpecYaml, p.Version }).ToListAsync(ct);
        var specs = new Dictionary<int, CurrentSpec>();
        // A spec that does not read is skipped: regrading against it would fail every answer.
        foreach (var p in problems)
            if (catalog.Compile(p.Id, p.Version, p.Key, p.SpecYaml) is { Problem: { } def, Errors.Count: 0 })
                specs[p.Id] = new CurrentSpec(def, p.Version);
        return specs;
    }
}
