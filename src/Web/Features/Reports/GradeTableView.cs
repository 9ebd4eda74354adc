using System.Globalization;

namespace GraderHub.Web.Features.Reports;

// One page of a gradebook (Gradebook.CoursePageAsync, SetPageAsync): the students whose name or
// e-mail matches the filter, sorted by name, a column or the total, 50 at a time; Matching of
// Students match; Totals is every student's total (the histogram above the table).
public sealed record GradeTableView(int CourseId, string Title, IReadOnlyList<GradeColumn> Columns, IReadOnlyList<GradeRow> Page,
    string? Filter, string Sort, bool Descending, int PageNumber, int PageCount, int Matching, int Students, Histogram Totals)
{
    public const int PageSize = 50;

    public int Possible => Columns.Sum(c => c.Possible);

    // "c3" sorts by the fourth column; anything else is no column (-1).
    public static int ColumnOfSort(string sort, int columns) =>
        sort.StartsWith("c", StringComparison.Ordinal)
            && int.TryParse(sort.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            && c >= 0 && c < columns ? c : -1;

    public static string Format(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}
