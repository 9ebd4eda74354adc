using System.Globalization;

namespace GraderHub.Web.Features.Reports;

// What the gradebook page shows of a GradeTable: filtered by name or e-mail, sorted by name, a
// column or the total, one page at a time (a class of 1,000 is 20 pages of 50).
public sealed record GradeTableView(GradeTable Table, IReadOnlyList<GradeRow> Page, string? Filter, string Sort,
    bool Descending, int PageNumber, int PageCount, int Matching, Histogram Totals)
{
    public const int PageSize = 50;

    public static GradeTableView Create(GradeTable table, string? filter, string? sort, bool descending, int page)
    {
        IEnumerable<GradeRow> rows = table.Rows;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var f = filter.Trim();
            rows = rows.Where(r => r.Name.Contains(f, StringComparison.OrdinalIgnoreCase)
                || r.Email.Contains(f, StringComparison.OrdinalIgnoreCase));
        }
        sort = string.IsNullOrEmpty(sort) ? "name" : sort;
        var column = sort.StartsWith("c", StringComparison.Ordinal)
            && int.TryParse(sort.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            && c >= 0 && c < table.Columns.Count ? c : -1;
        Func<GradeRow, double> key = sort == "total" ? r => r.Total : column >= 0 ? r => r.Points[column] : _ => 0;
        // Ties by name, so the order is stable from page to page.
        rows = sort == "name" || (sort != "total" && column < 0)
            ? (descending ? rows.OrderByDescending(r => r.Name, StringComparer.OrdinalIgnoreCase) : rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            : (descending ? rows.OrderByDescending(key) : rows.OrderBy(key)).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var matching = rows.ToList();
        var pageCount = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var number = Math.Clamp(page, 1, pageCount);
        var totals = Histogram.OfPercents(table.Rows.Select(r => table.Possible == 0 ? 0 : 100 * r.Total / table.Possible));
        return new GradeTableView(table, matching.Skip((number - 1) * PageSize).Take(PageSize).ToList(), filter, sort,
            descending, number, pageCount, matching.Count, totals);
    }

    public static string Format(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}
