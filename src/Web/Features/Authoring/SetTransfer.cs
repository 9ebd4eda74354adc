using System.Text;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Authoring;

public abstract record ImportOutcome
{
    public sealed record Imported(int SetId, string Key, int Problems) : ImportOutcome;
    public sealed record Rejected(IReadOnlyList<SpecError> Errors) : ImportOutcome;
}

// Problem sets to and from the seed/week-N.yaml format. The file carries the content (key,
// title, week, summary, problems); dates and the late policy belong to one run of the course
// and are set in the site.
public sealed class SetTransfer(GraderHubDbContext db, TimeProvider clock)
{
    public const int MaxFileLength = 1024 * 1024;

    public static string Export(ProblemSet set, IEnumerable<Problem> problems)
    {
        var sb = new StringBuilder();
        sb.Append("key: ").Append(Quote(set.Key)).Append('\n');
        sb.Append("title: ").Append(Quote(set.Title)).Append('\n');
        sb.Append("week: ").Append(set.Week.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("summary: ").Append(Quote(set.Summary)).Append('\n');
        sb.Append("problems:\n");
        // A pool's members are listed together under its entry (at its first member's place).
        foreach (var slot in problems.GroupBy(p => p.PoolKey ?? "\0" + p.Key))
        {
            var first = slot.First();
            if (first.PoolKey is null)
            {
                AppendSpec(sb, first.SpecYaml, "  ");
                continue;
            }
            sb.Append("  - pool: ").Append(Quote(first.PoolKey)).Append('\n');
            sb.Append("    title: ").Append(Quote(first.PoolTitle ?? first.PoolKey)).Append('\n');
            sb.Append("    problems:\n");
            foreach (var member in slot)
                AppendSpec(sb, member.SpecYaml, "      ");
        }
        return sb.ToString();
    }

    // Each spec is a standalone YAML mapping; as a list item it is indented under "- ".
    private static void AppendSpec(StringBuilder sb, string specYaml, string indent)
    {
        var lines = specYaml.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        sb.Append(indent).Append("- ").Append(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1))
            sb.Append(line.Length == 0 ? "" : indent + "  " + line).Append('\n');
        sb.Append('\n');
    }

    // A double-quoted YAML scalar: safe for any title (colons, quotes, leading dashes).
    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    // All or nothing: a file with any error changes nothing. A new set arrives unpublished.
    public async Task<ImportOutcome> ImportAsync(int courseId, string yaml, string source, string userId, CancellationToken ct)
    {
        if (yaml.Length > MaxFileLength)
            return new ImportOutcome.Rejected([new SpecError(source, 1, 1, "The file is larger than 1 MB.")]);
        var read = ProblemSetReader.Read(yaml, source);
        if (!read.Succeeded || read.ProblemSet is not { } def) return new ImportOutcome.Rejected(read.Errors);
        // Each problem's own YAML is what grading reads back later (as in the seed loader).
        var unreadable = def.Problems.SelectMany(p => ProblemReader.Read(p.SpecYaml, $"{source}: problem {p.Key}").Errors).ToList();
        if (unreadable.Count > 0) return new ImportOutcome.Rejected(unreadable);
        if (def.Key.Length is 0 or > 100 || def.Title.Length > 200)
            return new ImportOutcome.Rejected([new SpecError(source, 1, 1, "The key must be 1-100 characters and the title at most 200.")]);
        if (await db.ProblemSets.AnyAsync(s => s.CourseId == courseId && s.Key == def.Key, ct))
            return new ImportOutcome.Rejected([new SpecError(source, 1, 1,
                $"This course already has a set with the key '{def.Key}'. Change the key in the file to import it as a new set.")]);

        var now = clock.GetUtcNow();
        var set = new ProblemSet
        {
            CourseId = courseId, Key = def.Key, Title = def.Title, Week = def.Week, Summary = def.Summary,
            IsPublished = false, CreatedAt = now, UpdatedAt = now,
            Problems = def.Problems.Select((p, i) => new Problem
            {
                Key = p.Key, Position = i + 1, Title = p.Title, Kind = p.Kind, Points = p.Points, SpecYaml = p.SpecYaml,
                PoolKey = def.PoolOf(p.Key)?.Key, PoolTitle = def.PoolOf(p.Key)?.Title,
                Version = 1, UpdatedAt = now,
                Versions = [new ProblemVersion { Version = 1, SpecYaml = p.SpecYaml, CreatedAt = now, CreatedByUserId = userId }],
            }).ToList(),
        };
        db.ProblemSets.Add(set);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(new AuditLogEntry
        {
            At = now, UserId = userId, Action = "set_imported", EntityType = nameof(ProblemSet),
            EntityId = set.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Details = null,
        });
        await db.SaveChangesAsync(ct);
        return new ImportOutcome.Imported(set.Id, set.Key, set.Problems.Count);
    }
}
