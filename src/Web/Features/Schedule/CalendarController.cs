using System.Security.Claims;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Schedule;

public sealed record CalendarStudent(string UserId, string Name, string Email, EffectiveSchedule Schedule);
public sealed record CalendarOverride(int Id, string Who, ScheduleOverride Row, string ByName);
public sealed record CalendarGroup(int Id, string Name, int ExtraTimePercent, IReadOnlyList<string> Members);

public sealed record CalendarPage(int SetId, int CourseId, string Title, SetCalendar Set, DateTimeOffset Now,
    IReadOnlyList<CalendarStudent> Students, IReadOnlyList<CalendarOverride> Overrides, IReadOnlyList<CalendarGroup> Groups)
{
    public OverrideForm Form { get; init; } = new();
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();
    public string? Error { get; init; }
    public string? Message { get; init; }
}

// Staff of the course: every student's dates of one set (EffectiveSchedule), extensions and
// accommodations with their reasons, and an exam's results release (/calendar/sets/{id}).
public sealed class CalendarController(GraderHubDbContext db, TimeProvider clock, CalendarChanges changes) : Controller
{
    [HttpGet("/calendar/sets/{id:int}"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> Set(int id, CancellationToken ct) =>
        View(await LoadAsync(id, ct) with { Message = TempData["Message"] as string });

    [HttpPost("/calendar/sets/{id:int}/overrides"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> SaveOverride(int id, [FromForm] OverrideForm form, CancellationToken ct)
    {
        var errors = await changes.SaveOverrideAsync(id, UserId, form, ct);
        if (errors.Count == 0) return Done(id, "Override saved.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Set", await LoadAsync(id, ct) with { Form = form, Errors = errors });
    }

    [HttpPost("/calendar/sets/{id:int}/overrides/remove"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> RemoveOverride(int id, [FromForm] int overrideId, [FromForm] string? reason, CancellationToken ct) =>
        await Or400(id, await changes.RemoveOverrideAsync(id, overrideId, UserId, reason, ct), "Override removed.", ct);

    [HttpPost("/calendar/sets/{id:int}/release"), ForCourse(CourseLevel.Staff, CourseResource.Set)]
    public async Task<IActionResult> Release(int id, [FromForm] string? userId, CancellationToken ct) =>
        await Or400(id, await changes.ReleaseAsync(id, userId, UserId, ct),
            string.IsNullOrEmpty(userId) ? "Results released to every student." : "Results released to the student.", ct);

    // Accommodation groups belong to the course; their forms sit on a set's calendar page (setId).
    [HttpPost("/calendar/courses/{courseId:int}/groups"), ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> SaveGroup(int courseId, [FromForm] int setId, [FromForm] string? name, [FromForm] string? extraTimePercent, CancellationToken ct) =>
        await GroupResult(courseId, setId, await changes.SaveGroupAsync(courseId, name, extraTimePercent, UserId, ct), "Group saved.", ct);

    [HttpPost("/calendar/courses/{courseId:int}/groups/members"), ForCourse(CourseLevel.Staff, CourseResource.Course, "courseId")]
    public async Task<IActionResult> AddMember(int courseId, [FromForm] int setId, [FromForm] int groupId, [FromForm] string? email, CancellationToken ct) =>
        await GroupResult(courseId, setId, await changes.AddMemberAsync(courseId, groupId, email, UserId, ct), "Student added to the group.", ct);

    private async Task<IActionResult> GroupResult(int courseId, int setId, string? error, string message, CancellationToken ct)
    {
        // The page to return to must be a set of this course.
        if (!await db.ProblemSets.AnyAsync(s => s.Id == setId && s.CourseId == courseId, ct)) return error is null ? Redirect("/reports") : BadRequest(error);
        return await Or400(setId, error, message, ct);
    }

    private async Task<IActionResult> Or400(int setId, string? error, string message, CancellationToken ct)
    {
        if (error is null) return Done(setId, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Set", await LoadAsync(setId, ct) with { Error = error });
    }

    private RedirectResult Done(int setId, string message)
    {
        TempData["Message"] = message;
        return Redirect($"/calendar/sets/{setId}");
    }

    private async Task<CalendarPage> LoadAsync(int setId, CancellationToken ct)
    {
        var set = (await Schedules.CalendarAsync(db, setId, ct))!;
        var title = await db.ProblemSets.Where(s => s.Id == setId).Select(s => s.Title).SingleAsync(ct);
        var schedules = (await Schedules.ForSetAsync(db, setId, ct))!;
        var students = await db.Enrollments.AsNoTracking().Where(e => e.CourseId == set.CourseId && e.Role == CourseRole.Student)
            .OrderBy(e => e.User.DisplayName).ThenBy(e => e.UserId)
            .Select(e => new { e.UserId, e.User.DisplayName, e.User.Email }).ToListAsync(ct);
        var names = await db.Users.AsNoTracking()
            .Where(u => db.Enrollments.Any(e => e.CourseId == set.CourseId && e.UserId == u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var groups = await db.StudentGroups.AsNoTracking().Where(g => g.CourseId == set.CourseId).OrderBy(g => g.Name)
            .Select(g => new { g.Id, g.Name, g.ExtraTimePercent, Members = g.Members.OrderBy(m => m.User.DisplayName).Select(m => m.User.DisplayName).ToList() })
            .ToListAsync(ct);
        var groupNames = groups.ToDictionary(g => g.Id, g => g.Name);
        var overrides = await db.ScheduleOverrides.AsNoTracking().Where(o => o.ProblemSetId == setId)
            .OrderBy(o => o.StudentGroupId == null).ThenBy(o => o.CreatedAt).ToListAsync(ct);
        return new CalendarPage(setId, set.CourseId, title, set, clock.GetUtcNow(),
            students.Select(s => new CalendarStudent(s.UserId, s.DisplayName, s.Email ?? "", schedules.For(s.UserId))).ToList(),
            overrides.Select(o => new CalendarOverride(o.Id,
                o.UserId is { } u ? "Student: " + names.GetValueOrDefault(u, u) : "Group: " + groupNames.GetValueOrDefault(o.StudentGroupId ?? 0, "?"),
                o, names.GetValueOrDefault(o.ByUserId, o.ByUserId))).ToList(),
            groups.Select(g => new CalendarGroup(g.Id, g.Name, g.ExtraTimePercent, g.Members)).ToList());
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
