using System.Text.RegularExpressions;
using GraderHub.Cli;
using GraderHub.Grading.Problems;

namespace GraderHub.Cli.Tests;

// docs/authoring.md promises that each kind's example is complete and passes `graderhub validate`.
public sealed partial class AuthoringGuideTests
{
    [GeneratedRegex(@"```yaml\n(- key:.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GraderHub.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new FileNotFoundException("The repository root (GraderHub.sln) was not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryKindsExample_Validates()
    {
        var guide = File.ReadAllText(RepositoryFile("docs/authoring.md"));
        var examples = ExampleBlock().Matches(guide).Select(m => m.Groups[1].Value).ToList();
        foreach (var kind in ProblemKinds.Names)
        {
            Assert.Contains(examples, e => e.Contains($"kind: {kind}\n", StringComparison.Ordinal));
        }

        var file = Path.Combine(Path.GetTempPath(), $"graderhub-guide-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "key: guide\ntitle: Guide\nweek: 9\nproblems:\n"
            + string.Concat(examples.Select(e => "  " + e.Replace("\n", "\n  ", StringComparison.Ordinal).TrimEnd() + "\n")));
        try
        {
            var output = new StringWriter();
            var code = CliApp.Run(["validate", file, "--seeds", "6"], new StringReader(""), output, new StringWriter());
            Assert.True(code == 0, output.ToString());
            Assert.Contains($"{examples.Count} problem(s)", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The registry is the list of kinds: each one has its section in the guide, an example there or
    // in the seed that validates (EveryKindsExample_Validates runs them all), and self-tests in it.
    [Fact]
    public void EveryRegisteredKind_HasAGuideSection_AnExample_AndSelfTests()
    {
        var guide = File.ReadAllText(RepositoryFile("docs/authoring.md"));
        var examples = ExampleBlock().Matches(guide).Select(m => m.Groups[1].Value).ToList();
        var seeded = Directory.GetFiles(RepositoryFile("seed"), "week-*.yaml")
            .SelectMany(f => ProblemSetReader.Read(File.ReadAllText(f), f).ProblemSet?.Problems ?? []).ToList();
        Assert.Equal(16, ProblemKinds.Names.Count);
        foreach (var kind in ProblemKinds.Names)
        {
            Assert.Contains($"\n### {kind}\n", guide, StringComparison.Ordinal);
            var withTests = examples.Where(e => e.Contains($"kind: {kind}\n", StringComparison.Ordinal) && e.Contains("correct:", StringComparison.Ordinal))
                .Concat(seeded.Where(p => p.Kind == kind && p.SpecYaml.Contains("correct:", StringComparison.Ordinal)).Select(p => p.SpecYaml));
            Assert.True(withTests.Any(), $"kind {kind} has no example with self-tests in the guide or the seed");
        }
        foreach (var problem in seeded)
        {
            Assert.Contains(problem.Kind, ProblemKinds.Names);
            Assert.Empty(ProblemValidator.Validate(problem, [0, 1]));
        }
    }
}
