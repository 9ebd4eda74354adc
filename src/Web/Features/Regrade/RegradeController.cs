using System.Globalization;
using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Regrade;

public sealed record RegradePlanPage(string Scope, string Title, string PostPath, int CourseId, IReadOnlyList<RegradeChange> Changes);
public sealed record RegradeProgressPage(string JobId, string State, int Done, int Total, int CourseId)
{
    public bool Finished => State == SucceededState.StateName || State == FailedState.StateName || State == DeletedState.StateName;
}

// Regrade a problem or a whole set after a spec fix: GET is the dry run, POST enqueues the job.
public sealed class RegradeController(GraderHubDbContext db, Regrader regrader, IBackgroundJobClient jobs, JobStorage storage) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("/regrade/problems/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Problem)]
    public Task<IActionResult> PlanProblem(int id, CancellationToken ct) => PlanAsync("problem", id, ct);

    [HttpGet("/regrade/sets/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public Task<IActionResult> PlanSet(int id, CancellationToken ct) => PlanAsync("set", id, ct);

    [HttpPost("/regrade/problems/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Problem)]
    public Task<IActionResult> StartProblem(int id, CancellationToken ct) => StartAsync("problem", id, ct);

    [HttpPost("/regrade/sets/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public Task<IActionResult> StartSet(int id, CancellationToken ct) => StartAsync("set", id, ct);

    [HttpGet("/regrade/jobs/{jobId}"), ForCourse(CourseLevel.Staff, CourseResource.RegradeJob, "jobId")]
    public IActionResult Progress(string jobId)
    {
        using var connection = storage.GetConnection();
        var courseId = int.Parse(connection.GetJobParameter(jobId, RegradeJob.CourseParameter), CultureInfo.InvariantCulture);
        var state = connection.GetStateData(jobId)?.Name ?? "unknown";
        var progress = (connection.GetJobParameter(jobId, RegradeJob.ProgressParameter) ?? "0/0").Split('/');
        return View(new RegradeProgressPage(jobId, state, int.Parse(progress[0], CultureInfo.InvariantCulture),
            int.Parse(progress[1], CultureInfo.InvariantCulture), courseId));
    }

    private async Task<IActionResult> PlanAsync(string scope, int id, CancellationToken ct)
    {
        var target = await TargetAsync(scope, id, ct);
        if (target is null) return NotFound();
        var changes = await regrader.PlanAsync(target.ProblemIds, ct);
        return View("Plan", new RegradePlanPage(scope, target.Title, $"/regrade/{scope}s/{id}", target.CourseId, changes));
    }

    private async Task<IActionResult> StartAsync(string scope, int id, CancellationToken ct)
    {
        var target = await TargetAsync(scope, id, ct);
        if (target is null) return NotFound();
        var jobId = jobs.Enqueue<RegradeJob>(j => j.RunAsync(target.ProblemIds.ToArray(), UserId, null));
        using (var connection = storage.GetConnection())
            connection.SetJobParameter(jobId, RegradeJob.CourseParameter, target.CourseId.ToString(CultureInfo.InvariantCulture));
        return Redirect($"/regrade/jobs/{jobId}");
    }

    private sealed record Target(int CourseId, string Title, List<int> ProblemIds);

    private async Task<Target?> TargetAsync(string scope, int id, CancellationToken ct)
    {
        var problems = await db.Problems.AsNoTracking()
            .Where(p => scope == "set" ? p.ProblemSetId == id : p.Id == id)
            .Select(p => new { p.Id, p.Title, SetTitle = p.ProblemSet.Title, p.ProblemSet.CourseId })
            .ToListAsync(ct);
        if (problems.Count == 0) return null;
        return new Target(problems[0].CourseId, scope == "set" ? problems[0].SetTitle : problems[0].Title, problems.Select(p => p.Id).ToList());
    }
}
