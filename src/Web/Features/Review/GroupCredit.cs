using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Review;

// Feedback, and optionally partial credit, for every submission in one group of equivalent
// wrong answers. The group is recomputed here from its representative rather than trusted from
// the form. Credit goes through OverrideGrade, so each submission gets its own override and
// audit entry; the note is added to the stored feedback (a later regrade replaces it).
public sealed class GroupCredit(GraderHubDbContext db, OverrideGrade overrideGrade, ProblemCatalog catalog)
{
    public async Task<(int Applied, string? Error)?> RunAsync(int problemId, string representative, string? scoreText,
        string? feedback, string byUserId, CancellationToken ct)
    {
        var problem = await db.Problems.AsNoTracking().Where(p => p.Id == problemId)
            .Select(p => new { p.Key, p.SpecYaml, p.Version }).SingleOrDefaultAsync(ct);
        // Who may credit is the endpoint's policy (staff of the problem's course, Features/Access).
        if (problem is null) return null;
        feedback = feedback?.Trim();
        if (string.IsNullOrEmpty(feedback)) return (0, "Write the feedback the students in this group should read.");
        // Checked before anything is written: a bad credit must not leave the notes half applied.
        if (!string.IsNullOrWhiteSpace(scoreText) && !OverrideGrade.TryParseScore(scoreText, out _)) return (0, OverrideGrade.ScoreError);
        var groups = await ProblemStatistics.WrongAnswersAsync(db, problemId,
            catalog.Get(problemId, problem.Version, problem.Key, problem.SpecYaml), ct);
        if (groups.FirstOrDefault(g => g.Representative == representative) is not { } group) return (0, "That group no longer exists.");

        var submissions = await db.Submissions
            .Where(s => s.ProblemId == problemId && s.Status == SubmissionStatus.Graded && s.Verdict == Verdict.Incorrect
                && group.Forms.Contains(s.AnswerText))
            .ToListAsync(ct);
        foreach (var s in submissions)
            s.Feedback = (s.Feedback is null ? "" : s.Feedback + "\n") + "Staff note: " + feedback;
        await db.SaveChangesAsync(ct);
        if (!string.IsNullOrWhiteSpace(scoreText))
            foreach (var s in submissions)
                if (await overrideGrade.RunAsync(s.Id, byUserId, scoreText, feedback, ct) is { Ok: false, Error: var error })
                    return (0, error);
        return (submissions.Count, null);
    }
}
