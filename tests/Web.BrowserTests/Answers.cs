using GraderHub.Grading.Answers;
using System.Text.RegularExpressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.BrowserTests;

// What a student of a given variant would type: the engine's own reference (right), a slip the
// engine grades as not right (wrong) and an unclosed bracket (malformed). The engine is asked,
// so the tests never depend on how a statement happens to be printed.
public sealed record ProblemAnswers(int ProblemId, string SetKey, string ProblemKey, string Right, string Wrong, string Malformed);

public static partial class Answers
{
    public static async Task<ProblemAnswers> ForAsync(SiteFixture site, string email, Func<IQueryable<Problem>, IQueryable<Problem>> which)
    {
        var userId = await site.UserIdAsync(email);
        var problem = await site.WithDbAsync(db => which(db.Problems.Include(p => p.ProblemSet)).FirstAsync());
        var definition = ProblemReader.Read(problem.SpecYaml, problem.Key).Problem
            ?? throw new InvalidOperationException($"{problem.Key} does not read");
        var seed = VariantSeeds.For(userId, problem.ProblemSet.Key, problem.Key);
        var right = definition.Variant(seed).Reference().Text ?? throw new InvalidOperationException($"no reference for {problem.Key}");
        Assert.Equal(GradeVerdict.Correct, definition.Variant(seed).Grade(right).Verdict);
        var wrong = WrongCandidates(right).FirstOrDefault(w => definition.Variant(seed).Grade(w).Verdict
            is not (GradeVerdict.Correct or GradeVerdict.Invalid or GradeVerdict.Undetermined))
            ?? throw new InvalidOperationException($"no wrong answer found for {problem.Key}: {right}");
        var malformed = "(" + right;
        Assert.False(definition.Variant(seed).Preview(malformed).Ok, $"'{malformed}' reads: pick another malformed answer");
        return new ProblemAnswers(problem.Id, problem.ProblemSet.Key, problem.Key, right, wrong, malformed);
    }

    // Slips a student makes: a number off by one, a sign, an added constant.
    private static IEnumerable<string> WrongCandidates(string right)
    {
        var digit = Digit().Match(right);
        if (digit.Success)
            yield return right[..digit.Index] + ((digit.Value[0] - '0' + 1) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + right[(digit.Index + 1)..];
        var entry = FirstEntry().Match(right);
        if (entry.Success)
            yield return right[..entry.Groups[2].Index] + "-(" + entry.Groups[2].Value.Trim() + ")" + right[(entry.Groups[2].Index + entry.Groups[2].Length)..];
        yield return "-(" + right + ")";
        yield return "(" + right + ") + 1";
        yield return "0";
    }

    // The first entry of a vector or matrix: "[[cos(t), ..." -> "cos(t)".
    [GeneratedRegex(@"^(\[+)([^,\[\]]+)")]
    private static partial Regex FirstEntry();

    [GeneratedRegex("[1-9]")]
    private static partial Regex Digit();
}
