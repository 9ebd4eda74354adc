using System.Globalization;
using System.Text;

namespace GraderHub.Web.Features.Reports;

// Ten buckets of percent scores (0-9, 10-19, ..., 90-100), drawn as an SVG on the server: no
// chart library to ship, and the picture is in the HTML a test can read.
public sealed record Histogram(IReadOnlyList<int> Counts, string Label)
{
    public static Histogram OfPercents(IEnumerable<double> percents, string label = "students")
    {
        var counts = new int[10];
        foreach (var p in percents) counts[Math.Clamp((int)Math.Floor(p / 10), 0, 9)]++;
        return new Histogram(counts, label);
    }

    public string ToSvg(string title)
    {
        const int width = 520, height = 200, left = 36, bottom = 28, top = 24;
        var max = Math.Max(1, Counts.Max());
        var barWidth = (width - left - 8) / Counts.Count;
        var plot = height - bottom - top;
        var svg = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        svg.Append(inv, $"<title>{System.Net.WebUtility.HtmlEncode(title)}</title>");
        svg.Append(inv, $"<text x=\"{left}\" y=\"14\" font-size=\"12\" fill=\"#555\">{System.Net.WebUtility.HtmlEncode(title)}</text>");
        svg.Append(inv, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - 8}\" y2=\"{top + plot}\" stroke=\"#999\"/>");
        for (var i = 0; i < Counts.Count; i++)
        {
            var h = (int)Math.Round((double)plot * Counts[i] / max);
            var x = left + (i * barWidth);
            svg.Append(inv, $"<rect class=\"bar\" data-bucket=\"{i * 10}\" data-count=\"{Counts[i]}\" x=\"{x + 2}\" y=\"{top + plot - h}\" width=\"{barWidth - 4}\" height=\"{h}\" fill=\"#4f6bed\"><title>{i * 10}-{(i == 9 ? 100 : (i * 10) + 9)} %: {Counts[i]} {Label}</title></rect>");
            if (Counts[i] > 0)
                svg.Append(inv, $"<text x=\"{x + (barWidth / 2)}\" y=\"{top + plot - h - 4}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">{Counts[i]}</text>");
            svg.Append(inv, $"<text x=\"{x + (barWidth / 2)}\" y=\"{height - 10}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{i * 10}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
