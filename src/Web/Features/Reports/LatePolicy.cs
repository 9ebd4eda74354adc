using System.Linq.Expressions;
using GraderHub.Data.Entities;

namespace GraderHub.Web.Features.Reports;

// The late penalty of a set, as C# (for one submission on a page) and as an expression EF turns
// into a CASE in SQL (for a whole gradebook without loading every submission). Both must agree:
// a fraction PerDay is lost per started day after DueAt, never below zero.
public static class LatePolicy
{
    // More branches than any sensible policy needs (1 %/day is 100 days); past it the factor
    // stays at the last branch's value, and HardCloseAt normally refuses such submissions anyway.
    private const int MaxDays = 100;

    public static int DaysLate(DateTimeOffset? dueAt, DateTimeOffset submittedAt)
    {
        if (dueAt is not { } due || submittedAt <= due) return 0;
        return (int)Math.Ceiling((submittedAt - due).TotalDays);
    }

    public static double Factor(DateTimeOffset? dueAt, double perDay, DateTimeOffset submittedAt)
    {
        if (perDay <= 0) return 1;
        var days = Math.Min(DaysLate(dueAt, submittedAt), MaxDays);
        return Math.Max(0, 1 - (perDay * days));
    }

    // s => latest override ?? (s.Score ?? 0) * factor(s.SubmittedAt), the factor as nested conditionals on
    // SubmittedAt against constant day boundaries (SQLite cannot do date arithmetic on the
    // stored 64-bit values, but it can compare them).
    public static Expression<Func<Submission, ScoredAttempt>> Scored(DateTimeOffset? dueAt, double perDay)
    {
        // An override replaces what its submission is worth; the latest one counts.
        Expression<Func<Submission, double, ScoredAttempt>> template = (s, factor) =>
            new ScoredAttempt
            {
                UserId = s.UserId, ProblemId = s.ProblemId,
                Score = s.Overrides.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => (double?)o.NewScore).FirstOrDefault()
                    ?? (s.Score ?? 0) * factor,
            };
        var s = template.Parameters[0];
        var body = new Replace(template.Parameters[1], FactorExpression(s, dueAt, perDay)).Visit(template.Body);
        return Expression.Lambda<Func<Submission, ScoredAttempt>>(body, s);
    }

    private static Expression FactorExpression(ParameterExpression s, DateTimeOffset? dueAt, double perDay)
    {
        if (dueAt is not { } due || perDay <= 0) return Expression.Constant(1.0);
        var submittedAt = Expression.Property(s, nameof(Submission.SubmittedAt));
        var days = Math.Min((int)Math.Ceiling(1 / perDay), MaxDays);
        Expression factor = Expression.Constant(Math.Max(0, 1 - (perDay * Math.Min(days + 1, MaxDays))));
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

public sealed class ScoredAttempt
{
    public required string UserId { get; init; }
    public int ProblemId { get; init; }
    public double Score { get; init; }
}
