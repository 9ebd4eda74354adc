using System.Globalization;
using CsvHelper;
using GraderHub.Web.Infrastructure;
using GraderHub.Data;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Features.Student;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Grades;

// One attempt of the student's, priced by ScorePolicy, for the CSV of one's own work.
public sealed record AttemptRecord(string SetKey, string ProblemKey, string ProblemTitle, int Attempt, DateTimeOffset SubmittedAt,
    string Answer, string Status, string? Verdict, ScoreParts Parts);

// A student's record: every visible set and problem with the score that counts and its parts
// (Progress, the same standing as the dashboard and the set pages), and every attempt for the CSV.
public sealed class GradeRecord(GraderHubDbContext db, TimeProvider clock)
{
    public Task<IReadOnlyList<ProblemSetProgress>> SetsAsync(string userId, CancellationToken ct) =>
        Progress.ForUserAsync(db, userId, clock.GetUtcNow(), null, ct);

    public async Task<byte[]> CsvAsync(string userId, CancellationToken ct)
    {
        var sets = await SetsAsync(userId, ct);
        var problemIds = sets.SelectMany(s => s.Problems).Select(p => p.ProblemId).ToList();
        var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => s.UserId == userId && problemIds.Contains(s.ProblemId)))
            .ToDictionaryAsync(f => f.SubmissionId, ct);
        var rows = await db.Submissions.AsNoTracking().Where(s => s.UserId == userId && problemIds.Contains(s.ProblemId))
            .Select(s => new { s.Id, s.ProblemId, s.AttemptNumber, s.SubmittedAt, s.AnswerText, s.Status, s.Verdict })
            .ToListAsync(ct);
        var byProblem = sets.SelectMany(s => s.Problems.Select(p => (Set: s, Problem: p))).ToDictionary(x => x.Problem.ProblemId);

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = Spreadsheet.Writer(text))
        {
            csv.WriteRecord(["set", "problem", "title", "points", "due", "attempt", "submitted_at", "answer", "status", "verdict",
                "grader_score", "late_factor", "hint_factor", "override_score", "override_reason", "score", "explained"]);
            foreach (var r in rows.OrderBy(r => byProblem[r.ProblemId].Set.Week).ThenBy(r => byProblem[r.ProblemId].Set.Id)
                         .ThenBy(r => r.ProblemId).ThenBy(r => r.AttemptNumber))
            {
                var (set, problem) = byProblem[r.ProblemId];
                string[] answered = [set.Key, problem.Key, problem.Title, N(problem.Points), Time(set.DueAt), N(r.AttemptNumber),
                    Time(r.SubmittedAt), r.AnswerText];
                // An exam before its release: the answer was received, its result is not the student's yet.
                if (!set.Schedule.ShowsResults)
                {
                    csv.WriteRecord([.. answered, "received", "", "", "", "", "", "", "", ""]);
                    continue;
                }
                var parts = ScorePolicy.Price(facts[r.Id], set.Schedule);
                csv.WriteRecord([.. answered, Submissions.Verdicts.Text(r.Status), Submissions.Verdicts.Text(r.Verdict) ?? "",
                    F(parts.GraderScore), F(parts.LateFactor), F(parts.HintFactor), F(parts.OverrideScore), parts.OverrideReason ?? "",
                    F(parts.Score), parts.Explain()]);
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
