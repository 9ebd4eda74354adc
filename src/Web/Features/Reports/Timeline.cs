using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Reports;

// Submissions per time slot around a set's deadline (four days before to two after, 6-hour
// slots), or over the last week when it has none. Counted in SQL: the slot of a submission is a
// CASE over constant boundaries, as for the late factor (Scoring/ScorePolicy).
public sealed record Timeline(DateTimeOffset Start, TimeSpan Slot, IReadOnlyList<int> Counts, DateTimeOffset? DueAt)
{
    public static async Task<Timeline> ForSetAsync(GraderHubDbContext db, int setId, DateTimeOffset? dueAt, DateTimeOffset now, CancellationToken ct)
    {
        var slot = dueAt is null ? TimeSpan.FromHours(12) : TimeSpan.FromHours(6);
        var start = dueAt is { } due ? due.AddDays(-4) : now.AddDays(-7);
        var slots = dueAt is null ? 14 : 24;
        var grouped = await db.Submissions.AsNoTracking()
            .Where(s => s.Problem.ProblemSetId == setId)
            .Select(SlotOf(start, slot, slots))
            .GroupBy(i => i)
            .Select(g => new { Slot = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var counts = new int[slots];
        foreach (var g in grouped.Where(g => g.Slot >= 0)) counts[g.Slot] = g.Count;
        return new Timeline(start, slot, counts, dueAt);
    }

    // s => s.SubmittedAt <= start ? -1 : s.SubmittedAt <= start + slot ? 0 : ... : -1 (outside the window)
    private static Expression<Func<Submission, int>> SlotOf(DateTimeOffset start, TimeSpan slot, int slots)
    {
        var s = Expression.Parameter(typeof(Submission), "s");
        var at = Expression.Property(s, nameof(Submission.SubmittedAt));
        Expression body = Expression.Constant(-1);
        for (var i = slots - 1; i >= 0; i--)
            body = Expression.Condition(Expression.LessThanOrEqual(at, Expression.Constant(start + (slot * (i + 1)), typeof(DateTimeOffset))),
                Expression.Constant(i), body);
        body = Expression.Condition(Expression.LessThanOrEqual(at, Expression.Constant(start, typeof(DateTimeOffset))), Expression.Constant(-1), body);
        return Expression.Lambda<Func<Submission, int>>(body, s);
    }

    public string ToSvg()
    {
        const int width = 720, height = 180, left = 36, bottom = 28, top = 24;
        var inv = CultureInfo.InvariantCulture;
        var max = Math.Max(1, Counts.Max());
        var barWidth = (double)(width - left - 8) / Counts.Count;
        var plot = height - bottom - top;
        var svg = new StringBuilder();
        var caption = string.Create(inv, $"Submissions per {Slot.TotalHours:0} h{(DueAt is null ? " (last week)" : " around the deadline")}");
        // An image needs a name (WCAG 1.1.1): the caption, with the busiest slot's count.
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" role=\"img\" aria-label=\"{caption}, {Counts.Sum()} in all, at most {Counts.Max()} in one slot\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        svg.Append(inv, $"<text x=\"{left}\" y=\"14\" font-size=\"12\" fill=\"#555\">{caption}</text>");
        svg.Append(inv, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - 8}\" y2=\"{top + plot}\" stroke=\"#999\"/>");
        for (var i = 0; i < Counts.Count; i++)
        {
            var h = (int)Math.Round((double)plot * Counts[i] / max);
            var x = left + (i * barWidth);
            var from = Start + (Slot * i);
            var late = DueAt is { } due && from >= due;
            svg.Append(inv, $"<rect class=\"slot\" data-count=\"{Counts[i]}\" x=\"{x + 1:0.#}\" y=\"{top + plot - h}\" width=\"{barWidth - 2:0.#}\" height=\"{h}\" fill=\"{(late ? "#e07a5f" : "#4f6bed")}\"><title>{from.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {Counts[i]}</title></rect>");
            if (i % 4 == 0)
                svg.Append(inv, $"<text x=\"{x:0.#}\" y=\"{height - 10}\" font-size=\"10\" fill=\"#555\">{from.UtcDateTime:MM-dd HH}h</text>");
        }
        if (DueAt is { } d)
        {
            var x = left + ((d - Start) / Slot * barWidth);
            svg.Append(inv, $"<line class=\"deadline\" x1=\"{x:0.#}\" y1=\"{top - 4}\" x2=\"{x:0.#}\" y2=\"{top + plot}\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>");
            svg.Append(inv, $"<text x=\"{x + 4:0.#}\" y=\"{top + 6}\" font-size=\"11\" fill=\"#c0392b\">deadline</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
