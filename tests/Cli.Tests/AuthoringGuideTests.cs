using System.Text.RegularExpressions;
using GraderHub.Cli;

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
        foreach (var kind in new[] { "derivative", "partial_derivative", "gradient", "jacobian", "hessian", "taylor", "linearisation",
                     "newton", "gradient_descent", "lagrange", "linear_fit", "nonlinear_fit", "backprop" })
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
}
