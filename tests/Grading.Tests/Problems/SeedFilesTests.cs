using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

// The course as shipped: every seed file reads, covers its week with at least 8 problems that carry
// self-tests (one correct form, two typical wrong answers), and every self-test holds over several seeds.
public class SeedFilesTests
{
    private static List<string> Names() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seed"), "week-*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Files() => [.. Names()];

    private static ProblemSetDefinition Read(string file)
    {
        var result = ProblemSetReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", file)), file);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.ProblemSet!;
    }

    [Fact]
    public void SixWeeks_AreShipped()
    {
        Assert.Equal(["week-1.yaml", "week-2.yaml", "week-3.yaml", "week-4.yaml", "week-5.yaml", "week-6.yaml"], Names());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SeedFile_ValidatesOverSeveralSeeds(string file)
    {
        var set = Read(file);
        Assert.Equal(int.Parse(file["week-".Length..^".yaml".Length], System.Globalization.CultureInfo.InvariantCulture), set.Week);
        var issues = set.Problems.SelectMany(p => ProblemValidator.Validate(p, [0, 1, 2, 3, 4, 5, 6, 7])).ToList();
        Assert.True(issues.Count == 0, string.Join("\n", issues));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reference_EveryProblemOfEveryKind_IsShownToTheAuthor(string file)
    {
        foreach (var problem in Read(file).Problems)
        {
            var reference = problem.Variant(3).Reference();
            Assert.True(reference.Ok, $"{problem.Key} ({problem.Kind}): {reference.Error}");
            Assert.False(string.IsNullOrWhiteSpace(reference.Text), $"{problem.Key} ({problem.Kind}) has no reference text");
            Assert.Equal(problem.Variant(3).ReferenceText, reference.Text);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SeedFile_HasEightProblemsWithHintsAndSelfTests(string file)
    {
        var set = Read(file);
        Assert.True(set.Problems.Count >= 8, $"{file} has {set.Problems.Count} problems");
        foreach (var problem in set.Problems)
        {
            var text = problem.SpecYaml;
            Assert.True(text.Contains("hint:", StringComparison.Ordinal), $"{problem.Key} has no hint");
            Assert.True(text.Contains("correct:", StringComparison.Ordinal), $"{problem.Key} has no correct self-test");
            Assert.True(System.Text.RegularExpressions.Regex.Matches(text, @"\{ answer:").Count >= 2, $"{problem.Key} has fewer than two wrong self-tests");
            var rendered = problem.Variant(5).Render();
            Assert.DoesNotContain("{{", rendered.StatementMarkdown, StringComparison.Ordinal);
            Assert.DoesNotContain("cannot be shown", rendered.StatementMarkdown, StringComparison.Ordinal);
        }
    }
}
