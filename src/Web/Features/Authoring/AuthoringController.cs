using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Access;
using GraderHub.Web.Features.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Authoring;

public sealed record CourseSets(int CourseId, string Code, string Title, IReadOnlyList<SetRow> Sets);

public sealed record SetRow(int Id, string Key, string Title, int Week, bool Published, DateTimeOffset? OpensAt,
    DateTimeOffset? DueAt, DateTimeOffset? HardCloseAt, double LatePenaltyPerDay, int? MaxAttempts, int Problems, int Points);

// Pool: the pool slot the problem is a member of (each student sees one member), or null.
public sealed record ProblemRow(int Id, string Key, string Title, int Points, int Version, int Submissions)
{
    public string? Pool { get; init; }
}

public sealed record SetPage(int? Id, int CourseId, bool Published, SetForm Form, IReadOnlyList<ProblemRow> Problems)
{
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();
    public string? Message { get; init; }
}

// Course overview, problem-set settings, publish and unpublish.
public sealed class AuthoringController(GraderHubDbContext db, TimeProvider clock) : AuthoringControllerBase(db, clock)
{
    [HttpGet("/authoring"), Authorize(Policy = Policies.InstructorOfAnyCourse)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var rows = await Db.EnrolmentsOf(UserId, CourseLevel.Instructor).AsNoTracking()
            .OrderBy(e => e.Course.Code)
            .Select(e => new
            {
                e.CourseId, e.Course.Code, e.Course.Title,
                Sets = e.Course.ProblemSets.OrderBy(s => s.Week).ThenBy(s => s.Key)
                    .Select(s => new
                    {
                        s.Id, s.Key, s.Title, s.Week, s.IsPublished, s.OpensAt, s.DueAt, s.HardCloseAt, s.LatePenaltyPerDay, s.MaxAttempts,
                        Problems = s.Problems.Select(p => new { p.Key, p.PoolKey, p.Points }).ToList(),
                    })
                    .ToList(),
            })
            .ToListAsync(ct);
        // Points as every other page counts them: a pool's slot once (Pools.Possible).
        var courses = rows.Select(c => new CourseSets(c.CourseId, c.Code, c.Title, c.Sets
            .Select(s => new SetRow(s.Id, s.Key, s.Title, s.Week, s.IsPublished, s.OpensAt, s.DueAt, s.HardCloseAt,
                s.LatePenaltyPerDay, s.MaxAttempts, s.Problems.Count, Pools.Possible(s.Problems.Select(p => (p.Key, p.PoolKey, p.Points)))))
            .ToList())).ToList();
        return View(courses);
    }

    [HttpGet("/authoring/courses/{courseId:int}/sets/new"), ForCourse(CourseLevel.Instructor, CourseResource.Course, "courseId")]
    public IActionResult New(int courseId) =>
        View("Set", new SetPage(null, courseId, false, new SetForm { Week = "1", LatePenaltyPercent = "0" }, []));

    [HttpPost("/authoring/courses/{courseId:int}/sets/new"), ForCourse(CourseLevel.Instructor, CourseResource.Course, "courseId")]
    public async Task<IActionResult> Create(int courseId, [FromForm] SetForm form, CancellationToken ct)
    {
        var now = Now;
        var set = new ProblemSet { CourseId = courseId, Key = "", Title = "", CreatedAt = now, UpdatedAt = now };
        var errors = form.ApplyTo(set, isNew: true);
        if (errors.Count == 0 && await Db.ProblemSets.AnyAsync(s => s.CourseId == courseId && s.Key == set.Key, ct))
            errors[nameof(SetForm.Key)] = $"This course already has a set with the key '{set.Key}'.";
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Set", new SetPage(null, courseId, false, form, []) { Errors = errors });
        }
        Db.ProblemSets.Add(set);
        await Db.SaveChangesAsync(ct);
        Audit("set_created", nameof(ProblemSet), set.Id);
        await Db.SaveChangesAsync(ct);
        return Redirect($"/authoring/sets/{set.Id}");
    }

    [HttpGet("/authoring/sets/{id:int}"), ForCourse(CourseLevel.Instructor, CourseResource.Set)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        return View("Set", await LoadPageAsync(id, null, ct));
    }

    [HttpPost("/authoring/sets/{id:int}"), ForCourse(CourseLevel.Instructor, CourseResource.Set)]
    public async Task<IActionResult> Update(int id, [FromForm] SetForm form, [FromServices] Lti.ScoreOutbox outbox, CancellationToken ct)
    {
        var set = await Db.ProblemSets.SingleAsync(s => s.Id == id, ct);
        var errors = form.ApplyTo(set, isNew: false);
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var page = await LoadPageAsync(id, form, ct);
            return View("Set", page with { Errors = errors });
        }
        set.UpdatedAt = Now;
        Audit("set_updated", nameof(ProblemSet), id);
        // New dates or penalty re-price every answer: the LMS gets the new set scores.
        await outbox.SaveWithScoresAsync(async o =>
        {
            await Scoring.ProblemScores.RefreshSetAsync(Db, id, null, ct);
            return await o.RecordForSetAsync(id, ct);
        }, ct);
        TempData["Message"] = "Settings saved.";
        return Redirect($"/authoring/sets/{id}");
    }

    // Publishing asks first: this page runs every problem's self-tests and says what they found;
    // its form posts to Publish, which runs them again (a problem may have changed meanwhile).
    [HttpGet("/authoring/sets/{id:int}/publish"), ForCourse(CourseLevel.Instructor, CourseResource.Set)]
    public async Task<IActionResult> ConfirmPublish(int id, CancellationToken ct) =>
        View("Publish", await PublishCheck.RunAsync(Db, id, ct));

    // A set with a broken problem never reaches students.
    [HttpPost("/authoring/sets/{id:int}/publish"), ForCourse(CourseLevel.Instructor, CourseResource.Set)]
    public async Task<IActionResult> Publish(int id, CancellationToken ct)
    {
        var check = await PublishCheck.RunAsync(Db, id, ct);
        if (!check.Ready)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Publish", check);
        }
        var set = await Db.ProblemSets.SingleAsync(s => s.Id == id, ct);
        set.IsPublished = true;
        set.UpdatedAt = Now;
        Audit("set_published", nameof(ProblemSet), id);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = set.OpensAt is { } opens && opens > Now
            ? $"Published: students see it from {SetForm.Format(opens)} UTC."
            : "Published: students see it now.";
        return Redirect($"/authoring/sets/{id}");
    }

    [HttpPost("/authoring/sets/{id:int}/unpublish"), ForCourse(CourseLevel.Instructor, CourseResource.Set)]
    public async Task<IActionResult> Unpublish(int id, CancellationToken ct)
    {
        var set = await Db.ProblemSets.SingleAsync(s => s.Id == id, ct);
        set.IsPublished = false;
        set.UpdatedAt = Now;
        Audit("set_unpublished", nameof(ProblemSet), id);
        await Db.SaveChangesAsync(ct);
        TempData["Message"] = "Unpublished: students no longer see this set.";
        return Redirect($"/authoring/sets/{id}");
    }

    private async Task<SetPage> LoadPageAsync(int id, SetForm? form, CancellationToken ct)
    {
        var set = await Db.ProblemSets.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        var problems = await Db.Problems.AsNoTracking().Where(p => p.ProblemSetId == id).OrderBy(p => p.Position)
            .Select(p => new ProblemRow(p.Id, p.Key, p.Title, p.Points, p.Version, Db.Submissions.Count(s => s.ProblemId == p.Id)) { Pool = p.PoolKey })
            .ToListAsync(ct);
        // Whether a code is set comes from the database, never from the posted form.
        if (form is not null) form.HasAccessCode = set.AccessCodeHash is not null;
        return new SetPage(id, set.CourseId, set.IsPublished, form ?? SetForm.From(set), problems)
        {
            Message = TempData["Message"] as string,
        };
    }
}

public sealed record ProblemCheck(int Id, string Key, string Title, IReadOnlyList<string> Issues);

// What publishing a set would do, and whether it may: every problem passes its checks.
public sealed record PublishCheck(int SetId, string Title, bool Published, DateTimeOffset? OpensAt, IReadOnlyList<ProblemCheck> Problems)
{
    public bool Ready => Problems.Count > 0 && Problems.All(p => p.Issues.Count == 0);

    public static async Task<PublishCheck> RunAsync(GraderHubDbContext db, int setId, CancellationToken ct)
    {
        var set = await db.ProblemSets.AsNoTracking().Where(s => s.Id == setId)
            .Select(s => new
            {
                s.Title, s.IsPublished, s.OpensAt,
                Problems = s.Problems.OrderBy(p => p.Position).Select(p => new { p.Id, p.Key, p.Title, p.SpecYaml }).ToList(),
            })
            .SingleAsync(ct);
        return new PublishCheck(setId, set.Title, set.IsPublished, set.OpensAt,
            set.Problems.Select(p => new ProblemCheck(p.Id, p.Key, p.Title, ProblemChecks.Run(p.SpecYaml, p.Key))).ToList());
    }
}

// The checks a problem must pass before students can see it: it reads, and its self-tests
// grade as the author says for several variants (the same seeds `graderhub validate` uses).
public static class ProblemChecks
{
    public static readonly IReadOnlyList<int> Seeds = [0, 1, 2, 3, 4];

    public static IReadOnlyList<string> Run(string specYaml, string source)
    {
        var read = ProblemReader.Read(specYaml, source);
        if (read.Problem is null || read.Errors.Count > 0) return read.Errors.Select(e => e.ToString()).ToList();
        return ProblemValidator.Validate(read.Problem, Seeds).Select(i => i.ToString()).ToList();
    }
}
