using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Data;

public sealed record SeedReport(IReadOnlyList<string> Added, IReadOnlyList<string> Skipped,
    IReadOnlyList<SpecError> Errors);

// Loads seed/*.yaml into the course on first start. Idempotent: a problem set whose key is
// already in the course is left alone, so instructors' edits survive restarts.
public static class SeedLoader
{
    public const string CourseCode = "MML-CALC";
    public const string CourseTitle = "Mathematics for Machine Learning: Multivariate Calculus";

    public static async Task<SeedReport> LoadAsync(GraderHubDbContext db, string seedDirectory,
        TimeProvider clock, CancellationToken ct = default)
    {
        var added = new List<string>();
        var skipped = new List<string>();
        var errors = new List<SpecError>();
        var course = await EnsureCourseAsync(db, clock, ct);
        if (!Directory.Exists(seedDirectory))
            return new SeedReport(added, skipped, [new SpecError(seedDirectory, 0, 0, "seed folder not found")]);

        // Ordinal sort: week-1, week-2, ... load in the same order on every machine.
        var files = Directory.GetFiles(seedDirectory, "*.yaml").Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var source = Path.GetFileName(file);
            var read = ProblemSetReader.Read(await File.ReadAllTextAsync(file, ct), source);
            if (!read.Succeeded || read.ProblemSet is null)
            {
                errors.AddRange(read.Errors);
                continue;
            }
            var def = read.ProblemSet;
            // Each problem's own YAML is what grading reads back later: refuse a set whose
            // problems would not read, rather than store something no one can answer.
            var unreadable = def.Problems.SelectMany(p => ProblemReader.Read(p.SpecYaml, $"{source}:{p.Key}").Errors).ToList();
            if (unreadable.Count > 0)
            {
                errors.AddRange(unreadable);
                continue;
            }
            if (await db.ProblemSets.AnyAsync(s => s.CourseId == course.Id && s.Key == def.Key, ct))
            {
                skipped.Add(def.Key);
                continue;
            }
            db.ProblemSets.Add(ToEntity(course.Id, def, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
            added.Add(def.Key);
        }
        return new SeedReport(added, skipped, errors);
    }

    public static async Task<Course> EnsureCourseAsync(GraderHubDbContext db, TimeProvider clock,
        CancellationToken ct = default)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Code == CourseCode, ct);
        if (course is not null) return course;
        course = new Course { Code = CourseCode, Title = CourseTitle, CreatedAt = clock.GetUtcNow() };
        db.Courses.Add(course);
        await db.SaveChangesAsync(ct);
        return course;
    }

    private static ProblemSet ToEntity(int courseId, ProblemSetDefinition def, DateTimeOffset now) => new()
    {
        CourseId = courseId,
        Key = def.Key,
        Title = def.Title,
        Week = def.Week,
        Summary = def.Summary,
        // Seeded weeks are open from the start with no deadline; instructors set dates later.
        IsPublished = true,
        CreatedAt = now,
        UpdatedAt = now,
        Problems = def.Problems.Select((p, i) => new Problem
        {
            Key = p.Key,
            Position = i + 1,
            Title = p.Title,
            Kind = p.Kind,
            Points = p.Points,
            PoolKey = def.PoolOf(p.Key)?.Key,
            PoolTitle = def.PoolOf(p.Key)?.Title,
            SpecYaml = p.SpecYaml,
            Version = 1,
            UpdatedAt = now,
            Versions = [new ProblemVersion { Version = 1, SpecYaml = p.SpecYaml, CreatedAt = now }],
        }).ToList(),
    };
}
