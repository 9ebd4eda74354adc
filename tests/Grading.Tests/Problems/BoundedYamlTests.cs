using System.Diagnostics;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

public class BoundedYamlTests
{
    public static TheoryData<HostileYaml.Case> Cases() => [.. HostileYaml.All];

    [Theory, MemberData(nameof(Cases))]
    public void ProblemReader_HostileFile_IsAnErrorAtItsLine(HostileYaml.Case hostile)
    {
        var read = ProblemReader.Read(hostile.Text, "hostile.yaml");

        Assert.Null(read.Problem);
        var error = Assert.Single(read.Errors);
        if (hostile.Line is { } line) Assert.Equal(line, error.Line);
        Assert.DoesNotContain("Internal error", error.Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Cases))]
    public void ProblemSetReader_HostileFile_IsAnError(HostileYaml.Case hostile)
    {
        var read = ProblemSetReader.Read(hostile.Text, "hostile.yaml");

        Assert.False(read.Succeeded);
        Assert.NotEmpty(read.Errors);
        Assert.All(read.Errors, e => Assert.DoesNotContain("Internal error", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadRoot_NestingJustInsideTheLimit_Loads()
    {
        var text = new string('[', BoundedYaml.MaxDepth) + new string(']', BoundedYaml.MaxDepth);
        var errors = new List<SpecError>();

        Assert.NotNull(BoundedYaml.LoadRoot(text, "ok.yaml", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void LoadRoot_OneLevelTooDeep_NamesTheLimit()
    {
        var text = new string('[', BoundedYaml.MaxDepth + 1) + new string(']', BoundedYaml.MaxDepth + 1);
        var errors = new List<SpecError>();

        Assert.Null(BoundedYaml.LoadRoot(text, "deep.yaml", errors));
        Assert.Contains("64 levels", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadRoot_AFewAliasesOfSmallNodes_Load()
    {
        var errors = new List<SpecError>();
        var root = BoundedYaml.LoadRoot("a: &x [1, 2]\nb: *x\nc: *x\n", "aliases.yaml", errors);

        Assert.NotNull(root);
        Assert.Empty(errors);
    }

    // Not a timing assertion: the time is printed so a regression to a slow scan shows in the log.
    [Fact]
    public void AllHostileFiles_AreRejected_ReportingTheTimeTaken()
    {
        foreach (var hostile in HostileYaml.All)
        {
            var watch = Stopwatch.StartNew();
            var read = ProblemSetReader.Read(hostile.Text, hostile.Name);
            Console.WriteLine($"{hostile.Name}: {hostile.Text.Length:N0} chars, {watch.Elapsed.TotalMilliseconds:F1} ms: {read.Errors[0]}");
            Assert.False(read.Succeeded);
        }
    }
}
