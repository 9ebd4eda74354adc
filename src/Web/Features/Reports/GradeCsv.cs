using System.Globalization;
using CsvHelper;
using GraderHub.Web.Infrastructure;

namespace GraderHub.Web.Features.Reports;

// The shape LMS gradebooks import: one row per student, a column per set or problem with the
// points possible in its header, and the total. CsvHelper quotes names with commas or quotes;
// numbers are written invariantly (a comma-decimal server must not shift the columns).
public static class GradeCsv
{
    public static byte[] Write(GradeTable table)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = Spreadsheet.Writer(text))
        {
            csv.WriteRecord(["email", "name", .. table.Columns.Select(c => $"{c.Key} ({c.Possible})"), $"total ({table.Possible})"]);
            foreach (var row in table.Rows.OrderBy(r => r.Email, StringComparer.Ordinal))
                csv.WriteRecord([row.Email, row.Name, .. row.Points.Select(GradeTableView.Format), GradeTableView.Format(row.Total)]);
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }
}
