using System.Globalization;
using System.Linq.Expressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Scoring;

// What one submission is worth and why. The score that counts is the latest override's, else the
// grader's score times the late factor times the hint factor; null while it is neither graded nor
// overridden (it counts for nothing yet).
public sealed record ScoreParts(double? GraderScore, double LateFactor, double HintFactor, double? OverrideScore, string? OverrideReason)
{
    public double? Score => OverrideScore ?? GraderScore * LateFactor * HintFactor;
    public bool IsLate => LateFactor < 1;
    public bool IsHinted => HintFactor < 1;
    public bool IsOverridden => OverrideScore is not null;

    // "late ×0.75 · hint ×0.5" for the factors that lowered a graded score (null: none did), as
    // the student's problem page and the gradebook's marks show it.
    public string? Factors => IsLate || IsHinted
        ? string.Join(" · ", new[] { IsLate ? "late ×" + Format(LateFactor) : null, IsHinted ? "hint ×" + Format(HintFactor) : null }.OfType<string>())
        : null;

    public static string Format(double factor) => factor.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    // Full credit from the grader (or staff), whatever the late or hint factor made of it: what
    // "solved" means on every page. A staff override decides, up or down.
    public bool IsFullCredit => IsOverridden ? OverrideScore >= 1 : GraderScore >= 1;

    // The score and how it came about, in the words every page uses:
    // "grader 100% × late 0.8 × hint 0.75 = 60%", "set by staff: 70% (the grader gave 40%)".
    // Built from these parts only, so no page prices a score a second way.
    public string Explain()
    {
        if (OverrideScore is { } staff)
            return "set by staff: " + Percent(staff) + (GraderScore is { } g ? " (the grader gave " + Percent(g) + ")" : "");
        if (GraderScore is not { } graded) return "not graded yet";
        if (!IsLate && !IsHinted) return "grader " + Percent(graded);
        var factors = string.Concat(IsLate ? " × late " + Format(LateFactor) : "", IsHinted ? " × hint " + Format(HintFactor) : "");
        return "grader " + Percent(graded) + factors + " = " + Percent(Score ?? 0);
    }
}

// The facts a submission's price depends on, as ScorePolicy.Facts loads them; the student's due
// date and late policy come from their EffectiveSchedule (Features/Schedule), never the set's row. Whether a fact
// applies (was the hint revealed before this answer? is the answer graded?) is the policy's call.
public sealed class ScoreFacts
{
    public long SubmissionId { get; init; }
    public required string UserId { get; init; }
    public int ProblemId { get; init; }
    public SubmissionStatus Status { get; init; }
    public double? GraderScore { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? HintRevealedAt { get; init; }
    public double? HintPenalty { get; init; }
    public double? OverrideScore { get; init; }
    public string? OverrideReason { get; init; }
}

// A submission priced by the database (ScorePolicy.PricedInSet): the same parts, computed in SQL.
public sealed class PricedSubmission
{
    public long SubmissionId { get; init; }
    public required string UserId { get; init; }
    public int ProblemId { get; init; }
    public double? GraderScore { get; init; }
    public double LateFactor { get; init; }
    public double HintFactor { get; init; }
    public double? OverrideScore { get; init; }
    public string? OverrideReason { get; init; }
    public double? Score { get; init; }

    public ScoreParts Parts => new(GraderScore, LateFactor, HintFactor, OverrideScore, OverrideReason);
}

// What a student's problem counts for (ScorePolicy.BestScorePerStudentAndProblem).
public sealed class BestScore
{
    public required string UserId { get; init; }
    public int ProblemId { get; init; }
    public double Score { get; init; }
}

// The one score policy, in two forms side by side that must agree (ScorePolicyAgreementTests):
// Price, in C#, for the submissions of one student on a page (problem page, set page, API,
// review, override); PricedInSet, an expression EF turns into SQL, for gradebooks, CSV and
// statistics without loading every submission.
//   late factor: a fraction LatePenaltyPerDay lost per started day after DueAt, never below 0,
//                both the student's own (EffectiveSchedule: extensions and group overrides);
//   hint factor: 1 - the penalty in force when the student revealed the hint, for answers given
//                at or after the reveal (earlier answers keep 1);
//   an override wins: the latest one's score (and reason) replaces the product.
// A problem's score is its best submission's; of equal ones the latest counts.
public static class ScorePolicy
{
    // More branches than any sensible policy needs (1 %/day is 100 days); past it the factor
    // stays at the last branch's value, and HardCloseAt normally refuses such submissions anyway.
    private const int MaxDaysLate = 100;

    public static int DaysLate(DateTimeOffset? dueAt, DateTimeOffset submittedAt)
    {
        if (dueAt is not { } due || submittedAt <= due) return 0;
        return (int)Math.Ceiling((submittedAt - due).TotalDays);
    }

    public static double LateFactor(DateTimeOffset? dueAt, double perDay, DateTimeOffset submittedAt)
    {
        if (perDay <= 0) return 1;
        var days = Math.Min(DaysLate(dueAt, submittedAt), MaxDaysLate);
        return Math.Max(0, 1 - (perDay * days));
    }

    public static double HintFactor(DateTimeOffset submittedAt, DateTimeOffset? revealedAt, double? penalty) =>
        revealedAt is { } r && r <= submittedAt ? Math.Clamp(1 - (penalty ?? 0), 0, 1) : 1;

    // The C# form, with the submitting student's schedule.
    public static ScoreParts Price(ScoreFacts f, EffectiveSchedule schedule) => new(
        f.Status == SubmissionStatus.Graded ? f.GraderScore : null,
        schedule.LateFactor(f.SubmittedAt),
        HintFactor(f.SubmittedAt, f.HintRevealedAt, f.HintPenalty),
        f.OverrideScore, f.OverrideReason);

    // What counts among one student's submissions to one problem (null: none counts yet).
    public static ScoreParts? Best(IEnumerable<(long SubmissionId, ScoreParts Parts)> submissions) => Counting(submissions)?.Parts;

    // The same choice, with the submission it falls on.
    public static (long SubmissionId, ScoreParts Parts)? Counting(IEnumerable<(long SubmissionId, ScoreParts Parts)> submissions) =>
        submissions.Where(s => s.Parts.Score is not null)
            .OrderByDescending(s => s.Parts.Score).ThenByDescending(s => s.SubmissionId)
            .Select(s => ((long, ScoreParts)?)s).FirstOrDefault();

    // The facts of each submission in one query: the student's hint reveal of the
    // problem (at most one per student and problem) and the latest override, each joined once,
    // so a gradebook over 600,000 submissions reads each table once instead of running a
    // subquery per fact per row. The student's dates are not facts of the row: they come from
    // their EffectiveSchedule.
    public static IQueryable<ScoreFacts> Facts(GraderHubDbContext db, IQueryable<Submission> submissions) =>
        submissions.Provider.CreateQuery<ScoreFacts>(
            FactsOf(Expression.Constant(db, typeof(GraderHubDbContext)), submissions.Expression));

    // The query over a context and a source of submissions, as an expression: composed over a
    // caller's IQueryable (Facts) or inside a compiled query (OfSubmission). Of a submission's
    // overrides the latest counts (of two at the same instant, the later id). Declared before
    // OfSubmission: static initializers run in the order of the text.
    private static readonly Expression<Func<GraderHubDbContext, IQueryable<Submission>, IQueryable<ScoreFacts>>> FactsQuery =
        (db, submissions) =>
            from s in submissions
            join h in db.HintReveals on new { s.UserId, s.ProblemId } equals new { h.UserId, h.ProblemId } into reveals
            from h in reveals.DefaultIfEmpty()
            join o in db.GradeOverrides.Where(o => !db.GradeOverrides.Any(n => n.SubmissionId == o.SubmissionId
                    && (n.CreatedAt > o.CreatedAt || (n.CreatedAt == o.CreatedAt && n.Id > o.Id))))
                on s.Id equals o.SubmissionId into latest
            from o in latest.DefaultIfEmpty()
            select new ScoreFacts
            {
                SubmissionId = s.Id, UserId = s.UserId, ProblemId = s.ProblemId, Status = s.Status, GraderScore = s.Score,
                SubmittedAt = s.SubmittedAt,
                HintRevealedAt = h == null ? null : h.RevealedAt,
                HintPenalty = h == null ? null : h.Penalty,
                OverrideScore = o == null ? null : o.NewScore,
                OverrideReason = o == null ? null : o.Reason,
            };

    // The same facts of one submission, as a query compiled once: every poll of a graded answer
    // prices it, and building, funcletizing and looking up the composed query in EF's cache cost
    // more CPU than SQLite's run of it. Built from FactsQuery, so the facts have one definition.
    public static readonly Func<GraderHubDbContext, long, CancellationToken, Task<ScoreFacts>> OfSubmission = CompileOfSubmission();

    private static Func<GraderHubDbContext, long, CancellationToken, Task<ScoreFacts>> CompileOfSubmission()
    {
        Expression<Func<GraderHubDbContext, long, IQueryable<Submission>>> one = (db, id) => db.Submissions.Where(s => s.Id == id);
        var (db, id) = (one.Parameters[0], one.Parameters[1]);
        var single = Expression.Call(typeof(Queryable), nameof(Queryable.Single), [typeof(ScoreFacts)], FactsOf(db, one.Body));
        return EF.CompileAsyncQuery(Expression.Lambda<Func<GraderHubDbContext, long, CancellationToken, ScoreFacts>>(
            single, db, id, Expression.Parameter(typeof(CancellationToken), "ct")));
    }

    private static Expression FactsOf(Expression db, Expression submissions) =>
        new Replace(FactsQuery.Parameters[1], submissions).Visit(new Replace(FactsQuery.Parameters[0], db).Visit(FactsQuery.Body));

    // The EF form, for the submissions of one set (by problem id: SQLite then reads them from
    // IX_Submissions_Pricing, problem by problem): each student's deadline and penalty become
    // constants of the SQL (SQLite cannot do date arithmetic on the stored 64-bit values, but it
    // can compare them), so the late factor is nested conditionals on SubmittedAt against day
    // boundaries: one branch per distinct personal (due, penalty), chosen by the student's id,
    // and the set's own for everyone else.
    public static IQueryable<PricedSubmission> PricedInSet(GraderHubDbContext db, int setId, SetSchedules schedules) =>
        PricedInSet(db, OfSet(db, setId), schedules);

    private static IQueryable<Submission> OfSet(GraderHubDbContext db, int setId) =>
        db.Submissions.AsNoTracking().Where(s => db.Problems.Where(p => p.ProblemSetId == setId).Select(p => p.Id).Contains(s.ProblemId));

    // The same for some of the set's submissions (a page of students).
    public static IQueryable<PricedSubmission> PricedInSet(GraderHubDbContext db, IQueryable<Submission> ofTheSet, SetSchedules schedules) =>
        Facts(db, ofTheSet).Select(PriceExpression(schedules));

    // The best submission per (student, problem) in SQL, the same choice as Best.
    public static IQueryable<PricedSubmission> BestPerStudentAndProblem(IQueryable<PricedSubmission> priced) =>
        priced.Where(x => x.Score != null)
            .GroupBy(x => new { x.UserId, x.ProblemId })
            .Select(g => g.OrderByDescending(x => x.Score).ThenByDescending(x => x.SubmissionId).First());

    // Only the score of that choice, per (student, problem) of one set, for totals, sorting and
    // statistics: a GROUP BY instead of a window over every row, over the submissions that can be
    // worth more than 0 (overridden, or graded above 0: the factors never raise a score), so a
    // pair whose best is worth 0 is absent, which counts the same. Grouped problem first, the
    // order of IX_Submissions_Pricing, so SQLite streams the groups instead of sorting them. The
    // choice is made on the submission row itself, before the hint and override joins, so the
    // two thirds of a course's answers that are wrong and not overridden cost no join at all.
    public static IQueryable<BestScore> BestScorePerStudentAndProblem(GraderHubDbContext db, int setId, SetSchedules schedules) =>
        PricedInSet(db, OfSet(db, setId).Where(s => (s.Status == SubmissionStatus.Graded && s.Score > 0)
                || db.GradeOverrides.Any(o => o.SubmissionId == s.Id)), schedules)
            .GroupBy(x => new { x.ProblemId, x.UserId })
            .Select(g => new BestScore { UserId = g.Key.UserId, ProblemId = g.Key.ProblemId, Score = g.Max(x => x.Score)!.Value });

    // Answers at or after the reveal keep 1 - its penalty, clamped to 0..1 as HintFactor does.
    private static readonly Expression<Func<ScoreFacts, double>> HintFactorOfFacts = f =>
        f.HintRevealedAt != null && f.HintRevealedAt <= f.SubmittedAt
            ? (f.HintPenalty >= 1 ? 0.0 : f.HintPenalty <= 0 ? 1.0 : 1 - f.HintPenalty!.Value)
            : 1.0;

    private static Expression<Func<ScoreFacts, PricedSubmission>> PriceExpression(SetSchedules schedules)
    {
        // late and hint are replaced by the factors' expressions over f.
        Expression<Func<ScoreFacts, double, double, PricedSubmission>> template = (f, late, hint) => new PricedSubmission
        {
            SubmissionId = f.SubmissionId, UserId = f.UserId, ProblemId = f.ProblemId,
            GraderScore = f.Status == SubmissionStatus.Graded ? f.GraderScore : null,
            LateFactor = late,
            HintFactor = hint,
            OverrideScore = f.OverrideScore,
            OverrideReason = f.OverrideReason,
            Score = f.OverrideScore ?? (f.Status == SubmissionStatus.Graded ? f.GraderScore * late * hint : null),
        };
        var f = template.Parameters[0];
        var hintFactor = new Replace(HintFactorOfFacts.Parameters[0], f).Visit(HintFactorOfFacts.Body);
        var body = new Replace(template.Parameters[1], PersonalLateFactorExpression(f, schedules)).Visit(template.Body);
        body = new Replace(template.Parameters[2], hintFactor).Visit(body);
        return Expression.Lambda<Func<ScoreFacts, PricedSubmission>>(body, f);
    }

    // Looked up once: every grade's price is built with it, and the lookup reflects over all of Enumerable.
    private static readonly System.Reflection.MethodInfo ContainsString = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));

    private static Expression PersonalLateFactorExpression(ParameterExpression f, SetSchedules schedules)
    {
        var standard = (schedules.Default.DueAt, schedules.Default.LatePenaltyPerDay);
        Expression factor = LateFactorExpression(f, standard.DueAt, standard.LatePenaltyPerDay);
        var userId = Expression.Property(f, nameof(ScoreFacts.UserId));
        foreach (var personal in schedules.Personal.GroupBy(p => (p.Value.DueAt, p.Value.LatePenaltyPerDay)).Where(g => g.Key != standard))
        {
            var ids = Expression.Constant(personal.Select(p => p.Key).Order(StringComparer.Ordinal).ToList(), typeof(List<string>));
            factor = Expression.Condition(Expression.Call(ContainsString, ids, userId),
                LateFactorExpression(f, personal.Key.DueAt, personal.Key.LatePenaltyPerDay), factor);
        }
        return factor;
    }

    private static Expression LateFactorExpression(ParameterExpression f, DateTimeOffset? dueAt, double perDay)
    {
        if (dueAt is not { } due || perDay <= 0) return Expression.Constant(1.0);
        var submittedAt = Expression.Property(f, nameof(ScoreFacts.SubmittedAt));
        var days = Math.Min((int)Math.Ceiling(1 / perDay), MaxDaysLate);
        Expression factor = Expression.Constant(Math.Max(0, 1 - (perDay * Math.Min(days + 1, MaxDaysLate))));
        for (var d = days; d >= 0; d--)
        {
            var boundary = Expression.Constant(due.AddDays(d), typeof(DateTimeOffset));
            factor = Expression.Condition(Expression.LessThanOrEqual(submittedAt, boundary),
                Expression.Constant(Math.Max(0, 1 - (perDay * d))), factor);
        }
        return factor;
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
