using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace GraderHub.Web.Infrastructure;

// A moment on a staff page: the server writes it in UTC (readable without JavaScript, and on
// hover), and wwwroot/js/local-time.js rewrites the text in the viewer's own time zone.
public static class LocalTime
{
    public static string Utc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static IHtmlContent Time(this IHtmlHelper html, DateTimeOffset at)
    {
        var utc = Utc(at);
        var tag = new TagBuilder("time");
        tag.AddCssClass("local-time");
        tag.Attributes["datetime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        tag.Attributes["title"] = utc;
        tag.InnerHtml.Append(utc);
        return tag;
    }
}
