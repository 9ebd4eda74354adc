using System.Text.Json;
using GraderHub.Cli;

namespace GraderHub.Cli.Tests;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, new StringReader(stdin), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Equiv_JsonLines_VerdictPerLineInOrder()
    {
        var input = """
            {"id": "a", "vars": ["x"], "reference": "2*x*cos(x^2)", "answer": "2x cos(x^2)"}
            {"id": "b", "vars": ["x"], "reference": "2*x*cos(x^2)", "answer": "cos(x^2)"}
            {"id": "c", "vars": ["x"], "reference": "2*x", "answer": "(x+1"}
            not json at all
            {"id": 7, "vars": ["x"], "reference": "log(x)", "answer": "log(abs(x))", "domain": {"x": [0.5, 3]}}
            """;
        var (code, output, _) = Run(input, "equiv");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(5, lines.Length);
        Assert.Equal(["a", "b", "c"], lines.Take(3).Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["equivalent", "not_equivalent", "invalid", "invalid", "equivalent"], lines.Select(l => l.GetProperty("verdict").GetString()));
        Assert.Equal(5, lines[2].GetProperty("column").GetInt32());
        Assert.All(lines, l => Assert.True(l.GetProperty("micros").GetDouble() >= 0));
        Assert.All(lines, l => Assert.False(string.IsNullOrEmpty(l.GetProperty("feedback").GetString())));
        Assert.True(lines[1].TryGetProperty("witness", out _));
    }

    [Fact]
    public void Equiv_MissingFields_IsInvalidNotCrash()
    {
        var (code, output, _) = Run("{\"id\":\"x\"}\n[1,2]\n{\"reference\": 5, \"answer\": \"x\"}\n", "equiv");
        Assert.Equal(0, code);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("equivalent\"", output.Replace("not_equivalent", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_Chain_PrintsDerivative()
    {
        var (code, output, _) = Run("", "diff", "sin(x^2)", "--wrt", "x");
        Assert.Equal(0, code);
        Assert.Equal("2*x*cos(x^2)", output.Trim());
    }

    [Fact]
    public void Diff_Malformed_ReportsCaret()
    {
        var (code, _, error) = Run("", "diff", "sin(x^2", "--wrt", "x");
        Assert.Equal(1, code);
        Assert.Contains("^", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Taylor_TwoVariables_SecondOrder()
    {
        var (code, output, _) = Run("", "taylor", "exp(x)*cos(y)", "--at", "x=0,y=0", "--order", "2");
        Assert.Equal(0, code);
        // Compare by meaning, not layout: the printed polynomial equals 1 + x + x^2/2 - y^2/2.
        var result = GraderHub.Grading.Equivalence.EquivalenceChecker.Check("1 + x + x^2/2 - y^2/2", output.Trim(), ["x", "y"]);
        Assert.True(result.Proven, output);
    }

    [Fact]
    public void Taylor_UndefinedPoint_Fails()
    {
        var (code, _, error) = Run("", "taylor", "log(x)", "--at", "x=0");
        Assert.Equal(1, code);
        Assert.Contains("not defined", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GoodAndBadFiles()
    {
        var dir = Directory.CreateTempSubdirectory("graderhub-validate");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "good.yaml"), """
                key: w
                title: W
                week: 1
                problems:
                  - key: p
                    title: P
                    kind: derivative
                    variables: [x]
                    function: "x^3"
                    wrt: x
                    statement: "Differentiate ${{f}}$."
                    tests:
                      correct: ["3x^2"]
                      wrong:
                        - { answer: "-3x^2", diagnosis: sign }
                """);
            var (code, output, _) = Run("", "validate", dir.FullName, "--seeds", "3");
            Assert.True(code == 0, output);
            File.WriteAllText(Path.Combine(dir.FullName, "bad.yaml"), """
                key: w2
                title: W
                week: 1
                problems:
                  - key: p
                    title: P
                    kind: derivative
                    variables: [x]
                    function: "x^3"
                    wrt: x
                    statement: "s"
                    tests:
                      correct: ["3x^3"]
                """);
            var (badCode, badOutput, _) = Run("", "validate", dir.FullName, "--seeds", "2");
            Assert.Equal(1, badCode);
            Assert.Contains("should be correct", badOutput, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir.FullName, "bad.yaml"), "key: w3\ntitle: W\nweek: one\nproblems: []\n");
            var (syntaxCode, syntaxOutput, _) = Run("", "validate", dir.FullName);
            Assert.Equal(1, syntaxCode);
            Assert.Contains("bad.yaml(3,", syntaxOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bench_QuickRun_ReportsFigures()
    {
        var (code, output, _) = Run("", "bench", "--seconds", "0.2");
        Assert.Equal(0, code);
        Assert.Contains("median", output, StringComparison.Ordinal);
        Assert.Contains("p99", output, StringComparison.Ordinal);
        Assert.Contains("checks/s", output, StringComparison.Ordinal);
        Assert.Contains("parse of a 40-character answer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommand_ExitsWithUsage()
    {
        var (code, _, error) = Run("", "frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("usage", error, StringComparison.Ordinal);
    }

    // Each command's --help only prints the usage: before, `load --help` started a load.
    [Theory]
    [InlineData("load")]
    [InlineData("bench")]
    [InlineData("validate")]
    [InlineData("bench-reports")]
    public void CommandHelp_PrintsUsage_AndRunsNothing(string command)
    {
        var (code, output, error) = Run("", command, "--help");
        Assert.Equal(0, code);
        Assert.Equal(CliApp.Usage + Environment.NewLine, output);
        Assert.Equal("", error);
    }
}
