using System.Globalization;
using CsvHelper;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Student;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Api;

[Route("api/problemsets")]
public sealed class ProblemSetsApiController(GraderHubDbContext db, TimeProvider clock) : ApiControllerBase
{
    [HttpGet]
    public async Task<IActionResult> List(CancellationToken ct)
    {
        var sets = await Progress.ForUserAsync(db, UserId, clock.GetUtcNow(), null, ct);
        return Ok(sets.Select(s => new
        {
            s.Id, s.Key, s.Title, s.Week, s.Summary, s.DueAt,
            problems = s.Problems.Count, solved = s.Solved,
            pointsEarned = s.PointsEarned, pointsPossible = s.PointsPossible,
        }));
    }

    // The set's problems with the caller's own variant of each statement.
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Get(int id, CancellationToken ct)
    {
        var set = await db.VisibleSets(clock.GetUtcNow()).AsNoTracking()
            .Include(s => s.Problems.OrderBy(p => p.Position))
            .SingleOrDefaultAsync(s => s.Id == id, ct);
        if (set is null) return NotFound();
        var revealed = await db.HintReveals.Where(h => h.UserId == UserId && h.Problem.ProblemSetId == id)
            .Select(h => h.ProblemId).ToListAsync(ct);
        return Ok(new
        {
            set.Id, set.Key, set.Title, set.Week, set.Summary, set.OpensAt, set.DueAt, set.MaxAttempts,
            problems = set.Problems.Select(p =>
            {
                p.ProblemSet = set;
                var def = ProblemAccess.Definition(p);
                var rendered = def is null ? null : ProblemGrading.Render(def, ProblemAccess.SeedFor(UserId, p));
                return new
                {
                    p.Id, p.Key, p.Title, p.Kind, p.Points,
                    statementMarkdown = rendered?.StatementMarkdown,
                    answerKind = rendered?.AnswerKind,
                    variables = rendered?.Variables ?? [],
                    // A hint with a penalty only after POST /api/problems/{id}/hint.
                    hint = p.HintPenalty <= 0 || revealed.Contains(p.Id) ? rendered?.Hint : null,
                    hasHint = rendered?.Hint is not null,
                    hintPenalty = p.HintPenalty,
                };
            }),
        });
    }

    // One row per student, best score in points per problem, and the total (the shape LMS
    // gradebooks import). Late penalties and overrides are applied once issue 6 lands.
    [HttpGet("{id:int}/report.csv")]
    [Authorize(AuthenticationSchemes = Infrastructure.ServiceRegistration.ApiScheme, Roles = Roles.Staff)]
    public async Task<IActionResult> Report(int id, CancellationToken ct)
    {
        var set = await db.ProblemSets.AsNoTracking().Include(s => s.Problems)
            .SingleOrDefaultAsync(s => s.Id == id, ct);
        if (set is null) return NotFound();
        var problems = set.Problems.OrderBy(p => p.Position).ToList();
        var students = await db.Enrollments.AsNoTracking()
            .Where(e => e.CourseId == set.CourseId && e.Role == CourseRole.Student)
            .OrderBy(e => e.User.Email)
            .Select(e => new { e.UserId, e.User.Email, e.User.DisplayName })
            .ToListAsync(ct);
        var problemIds = problems.Select(p => p.Id).ToList();
        var best = await db.Submissions.AsNoTracking()
            .Where(s => problemIds.Contains(s.ProblemId) && s.Status == SubmissionStatus.Graded)
            .GroupBy(s => new { s.UserId, s.ProblemId })
            .Select(g => new { g.Key.UserId, g.Key.ProblemId, Score = g.Max(s => s.Score) ?? 0 })
            .ToListAsync(ct);
        var lookup = best.ToDictionary(b => (b.UserId, b.ProblemId), b => b.Score);

        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        // CsvHelper quotes names with commas or quotes; numbers are written invariantly.
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            csv.WriteRecord(["email", "name", .. problems.Select(p => $"{p.Key} ({p.Points})"), $"total ({problems.Sum(p => p.Points)})"]);
            foreach (var s in students)
            {
                var points = problems.Select(p => lookup.GetValueOrDefault((s.UserId, p.Id)) * p.Points).ToList();
                csv.WriteRecord([s.Email ?? "", s.DisplayName,
                    .. points.Select(x => x.ToString("0.##", CultureInfo.InvariantCulture)),
                    points.Sum().ToString("0.##", CultureInfo.InvariantCulture)]);
            }
        }
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv", $"{set.Key}-report.csv");
    }
}
