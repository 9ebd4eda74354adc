using System.Text.Json;
using GraderHub.Cli;

namespace GraderHub.Cli.Tests;

public sealed class ProblemCommandsTests : IDisposable
{
    private const string Spec = """
        key: gd
        title: Gradient descent
        kind: gradient_descent
        variables: [x, y]
        parameters: { s: { choice: [1, 2] } }
        function: "x^2 + 2*y^2"
        start: ["s", "1"]
        step_size: "0.1"
        steps: 2
        statement: "Minimise $f = {{f}}$ from ${{start}}$ with step size ${{step_size}}$: give the point after {{steps}} steps."
        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"graderhub-cli-{Guid.NewGuid():N}.yaml");

    public ProblemCommandsTests() => File.WriteAllText(_file, Spec);

    public void Dispose() => File.Delete(_file);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, new StringReader(""), output, error);
        return (code, output.ToString(), error.ToString());
    }

    private int SeedWithStart(int s) =>
        Enumerable.Range(0, 40).First(seed => Run("reference", _file, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)).Out.Contains($"from $({s}, 1)$", StringComparison.Ordinal));

    [Fact]
    public void Reference_PrintsPromptAndTheComputedPoint()
    {
        // From (1, 1): x shrinks by 0.8 and y by 0.6 per step.
        var seed = SeedWithStart(1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, output, _) = Run("reference", _file, "--seed", seed);
        Assert.Equal(0, code);
        Assert.Contains("answer kind: vector", output, StringComparison.Ordinal);
        Assert.Matches(@"reference: \(0\.64\d*, 0\.36\d*\)", output);
        Assert.Contains("Minimise $f = x^{2} + 2 y^{2}$ from $(1, 1)$ with step size $\\frac{1}{10}$: give the point after 2 steps.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_PrintsJsonVerdicts()
    {
        var seed = SeedWithStart(2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonElement Grade(string answer)
        {
            var (code, output, _) = Run("grade", _file, "--seed", seed, "--answer", answer);
            Assert.Equal(0, code);
            return JsonDocument.Parse(output).RootElement;
        }

        Assert.Equal("correct", Grade("(1.28, 0.36)").GetProperty("verdict").GetString());
        var partial = Grade("(1.28, 0.6)");
        Assert.Equal("partially_correct", partial.GetProperty("verdict").GetString());
        Assert.Equal(0.5, partial.GetProperty("score").GetDouble());
        var invalid = Grade("(1.28, ");
        Assert.Equal("invalid", invalid.GetProperty("verdict").GetString());
        Assert.True(invalid.GetProperty("column").GetInt32() >= 1);
    }

    [Fact]
    public void Grade_WithoutAnswer_OrMissingFile_IsUsageError()
    {
        Assert.Equal(2, Run("grade", _file, "--seed", "1").Code);
        Assert.Equal(2, Run("reference", _file + ".missing").Code);
    }
}
