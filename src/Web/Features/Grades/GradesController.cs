using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace GraderHub.Web.Features.Grades;

// The signed-in student's own record (no resource in the route: it is always the caller's, across
// the courses they are enrolled in, so the fallback policy, signed in, is the whole rule).
public sealed class GradesController(GradeRecord record) : Controller
{
    [HttpGet("/grades")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await record.SetsAsync(UserId, ct));

    [HttpGet("/grades.csv")]
    public async Task<IActionResult> Csv(CancellationToken ct) =>
        File(await record.CsvAsync(UserId, ct), "text/csv", "my-grades.csv");

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
