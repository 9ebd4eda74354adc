using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Authoring;

public sealed record LineError(int Line, int Column, string Message, string? LineText);

public sealed record ProblemPreview(int Seed, string Title, string StatementHtml, string? HintHtml,
    ReferenceAnswer Reference, IReadOnlyList<string> SelfTestIssues);

public abstract record SaveOutcome
{
    public sealed record Saved(int ProblemId, int Version, bool Changed) : SaveOutcome;
    public sealed record Invalid(IReadOnlyList<LineError> Errors, IReadOnlyList<string> Issues) : SaveOutcome;
}

// Reading, previewing and saving a problem's YAML spec. Saving keeps every version: a new spec
// becomes version n+1 next to the old ones, and submissions name the version they were graded
// against, so an edit never changes an old grade (a regrade is a separate, deliberate action).
public sealed class ProblemEditor(GraderHubDbContext db, TimeProvider clock, MarkdownRenderer markdown)
{
    public const int MaxSpecLength = 64 * 1024;
    // Far above MaxSpecLength on purpose: a pasted file of a few megabytes reaches Read and gets
    // "longer than 64 KB" at its line rather than the form reader's bare 400.
    public const int MaxPostBytes = 16 * 1024 * 1024;

    public const string Template = """
        key: new-problem
        title: A new problem
        kind: derivative
        points: 1
        variables: [x]
        parameters:
          a: { int: [2, 9] }
        function: "a*x^3"
        wrt: x
        statement: |
          Differentiate $f(x) = {{f}}$ with respect to $x$.
        hint: Bring the exponent down and lower it by one.
        tests:
          correct: ["3*a*x^2", "a*3*x*x"]
          wrong:
            - { answer: "-3*a*x^2", diagnosis: sign }
            - { answer: "a*x^3", diagnosis: undifferentiated }

        """;

    public static (ProblemDefinition? Problem, IReadOnlyList<LineError> Errors) Read(string yaml)
    {
        if (yaml.Length > MaxSpecLength)
            return (null, [new LineError(1, 1, $"The spec is longer than {MaxSpecLength / 1024} KB.", null)]);
        var read = ProblemReader.Read(yaml, "spec");
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var errors = read.Errors
            .Select(e => new LineError(e.Line, e.Column, e.Message, e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1] : null))
            .OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return (errors.Count == 0 ? read.Problem : null, errors);
    }

    public ProblemPreview Preview(ProblemDefinition problem, int seed)
    {
        var rendered = VariantMath.Render(problem, seed);
        var issues = ProblemValidator.Validate(problem, [seed]).Select(i => i.ToString()).ToList();
        return new ProblemPreview(seed, rendered.Title, markdown.ToHtml(rendered.StatementMarkdown),
            rendered.Hint is null ? null : markdown.ToHtml(rendered.Hint), VariantMath.Reference(problem, seed), issues);
    }

    // problemId null: a new problem at the end of the set.
    public async Task<SaveOutcome> SaveAsync(int setId, int? problemId, string yaml, double hintPenalty, string userId, CancellationToken ct)
    {
        var (definition, errors) = Read(yaml);
        if (definition is null) return new SaveOutcome.Invalid(errors, []);
        var issues = ProblemChecks.Run(yaml, definition.Key).ToList();

        var existing = problemId is { } pid ? await db.Problems.SingleAsync(p => p.Id == pid, ct) : null;
        // Variant seeds are derived from the key: renaming would give every student new numbers.
        if (existing is not null && existing.Key != definition.Key)
            issues.Add($"The key cannot change from '{existing.Key}' (students' variants are derived from it); create a new problem instead.");
        else if (await db.Problems.AnyAsync(p => p.ProblemSetId == setId && p.Key == definition.Key && p.Id != problemId, ct))
            issues.Add($"This set already has a problem with the key '{definition.Key}'.");
        if (issues.Count > 0) return new SaveOutcome.Invalid([], issues);

        var now = clock.GetUtcNow();
        if (existing is null)
        {
            var position = await db.Problems.Where(p => p.ProblemSetId == setId).MaxAsync(p => (int?)p.Position, ct) ?? 0;
            existing = new Problem
            {
                ProblemSetId = setId, Key = definition.Key, Position = position + 1, Title = definition.Title,
                Kind = definition.Kind, Points = definition.Points, SpecYaml = yaml, Version = 1, UpdatedAt = now, HintPenalty = hintPenalty,
                Versions = [new ProblemVersion { Version = 1, SpecYaml = yaml, CreatedAt = now, CreatedByUserId = userId }],
            };
            db.Problems.Add(existing);
        }
        else if (existing.SpecYaml == yaml)
        {
            if (existing.HintPenalty == hintPenalty) return new SaveOutcome.Saved(existing.Id, existing.Version, Changed: false);
            // Only the penalty changed: the spec, and so the version, stay as they are.
            existing.HintPenalty = hintPenalty;
            existing.UpdatedAt = now;
        }
        else
        {
            existing.Version++;
            existing.SpecYaml = yaml;
            existing.Title = definition.Title;
            existing.Kind = definition.Kind;
            existing.Points = definition.Points;
            existing.HintPenalty = hintPenalty;
            existing.UpdatedAt = now;
            db.ProblemVersions.Add(new ProblemVersion
            {
                ProblemId = existing.Id, Version = existing.Version, SpecYaml = yaml, CreatedAt = now, CreatedByUserId = userId,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (problem, version) and (set, key) indexes: someone saved at the same moment.
            return new SaveOutcome.Invalid([], ["Someone else saved this problem at the same moment; reload it and apply your change again."]);
        }
        db.AuditLog.Add(new AuditLogEntry
        {
            At = now, UserId = userId, Action = "problem_saved", EntityType = nameof(Problem),
            EntityId = existing.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Details = $"{{\"version\":{existing.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}",
        });
        await db.SaveChangesAsync(ct);
        return new SaveOutcome.Saved(existing.Id, existing.Version, Changed: true);
    }
}
