using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Lti;

public sealed record ReconciliationRow(string UserId, string Name, int SetId, string SetTitle, int ContextLinkId, string LmsCourse,
    double GraderHubScore, double Maximum, LtiScore? LastSent, LtiScore? Latest, LmsResult? Lms, string? LmsError)
{
    // What the LMS holds agrees with GraderHub (to the hundredth of a point).
    public bool Agrees => Lms?.ResultScore is { } s && Math.Abs(ScaledLms(s) - GraderHubScore) < 0.01;

    private double ScaledLms(double s) => Lms?.ResultMaximum is { } max && max > 0 && Math.Abs(max - Maximum) > 1e-9 ? s / max * Maximum : s;
}

// Per LMS-linked student and set of a course: GraderHub's score (the gradebook's, ScorePolicy), the
// last score sent and when, the newest outbox row (pending or failed with the LMS's answer), and
// what the LMS holds, read back through its results service (one request per line item).
public sealed class Reconciliation(GraderHubDbContext db, PlatformClient platforms)
{
    public async Task<IReadOnlyList<ReconciliationRow>> ForCourseAsync(int courseId, CancellationToken ct)
    {
        var contexts = await db.LtiContextLinks.AsNoTracking().Include(c => c.Platform).Where(c => c.CourseId == courseId).ToListAsync(ct);
        if (contexts.Count == 0) return [];
        var table = await Gradebook.ForCourseAsync(db, courseId, ct);
        if (table is null) return [];
        var links = await db.LtiUserLinks.AsNoTracking()
            .Where(l => contexts.Select(c => c.PlatformId).Contains(l.PlatformId)
                && db.Enrollments.Any(e => e.CourseId == courseId && e.UserId == l.UserId && e.Role == CourseRole.Student))
            .ToListAsync(ct);
        var scores = await db.LtiScores.AsNoTracking().Where(s => contexts.Select(c => c.Id).Contains(s.ContextLinkId)
            && s.Status != LtiScoreStatus.Superseded).ToListAsync(ct);
        var lineItems = await db.LtiLineItems.AsNoTracking().Where(l => contexts.Select(c => c.Id).Contains(l.ContextLinkId)).ToListAsync(ct);

        // What each line item holds, by LMS user id; a failure is shown beside the rows, not thrown.
        var held = new Dictionary<int, (Dictionary<string, LmsResult> Results, string? Error)>();
        foreach (var item in lineItems)
        {
            var context = contexts.Single(c => c.Id == item.ContextLinkId);
            try
            {
                var results = await platforms.ResultsAsync(context.Platform, item.Url, ct);
                held[item.Id] = (results.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Last()), null);
            }
            catch (LtiServiceException ex) { held[item.Id] = ([], ex.Message); }
        }

        var rows = new List<ReconciliationRow>();
        foreach (var context in contexts)
            foreach (var (column, index) in table.Columns.Select((c, i) => (c, i)))
            {
                var item = lineItems.FirstOrDefault(l => l.ContextLinkId == context.Id && l.ProblemSetId == column.Id);
                foreach (var link in links.Where(l => l.PlatformId == context.PlatformId))
                {
                    var row = table.Rows.FirstOrDefault(r => r.UserId == link.UserId);
                    if (row is null) continue;
                    var mine = scores.Where(s => s.ContextLinkId == context.Id && s.ProblemSetId == column.Id && s.UserId == link.UserId).ToList();
                    var lms = item is not null && held.TryGetValue(item.Id, out var h) ? h : default;
                    rows.Add(new ReconciliationRow(link.UserId, row.Name, column.Id, column.Title, context.Id, context.Title,
                        row.Points[index], column.Possible,
                        mine.Where(s => s.Status == LtiScoreStatus.Sent).MaxBy(s => s.Id), mine.MaxBy(s => s.Id),
                        lms.Results?.GetValueOrDefault(link.Subject), item is null ? "no line item yet" : lms.Error));
                }
            }
        return rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.SetTitle, StringComparer.Ordinal).ToList();
    }
}
