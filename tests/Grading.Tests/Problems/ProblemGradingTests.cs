using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

public class ProblemGradingTests
{
    private const string SinSquared = """
        key: chain
        title: Chain
        kind: derivative
        points: 1
        variables: [x]
        function: "sin(x^2)"
        wrt: x
        statement: "Differentiate $f(x) = {{f}}$."
        """;

    private static ProblemDefinition Problem(string yaml)
    {
        var read = ProblemReader.Read(yaml, "test");
        Assert.True(read.Problem is not null, string.Join("; ", read.Errors));
        return read.Problem!;
    }

    [Fact]
    public void Grade_EquivalentForm_IsCorrect()
    {
        var result = Problem(SinSquared).Variant(1).Grade("2x cos(x^2)");
        Assert.Equal(GradeVerdict.Correct, result.Verdict);
        Assert.Equal(1, result.Score);
    }

    [Fact]
    public void Grade_MissingChainFactor_IsIncorrectWithDiagnosis()
    {
        var result = Problem(SinSquared).Variant(1).Grade("cos(x^2)");
        Assert.Equal(GradeVerdict.Incorrect, result.Verdict);
        Assert.Equal(DiagnosisKind.ChainRule, result.Diagnosis);
        Assert.DoesNotContain("2x", result.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("2*x", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_Malformed_IsInvalidWithColumn()
    {
        var result = Problem(SinSquared).Variant(1).Grade("2x cos(x^2");
        Assert.Equal(GradeVerdict.Invalid, result.Verdict);
        Assert.Equal(11, result.ErrorColumn);
        var preview = Problem(SinSquared).Variant(1).Preview("2x cos(x^2");
        Assert.False(preview.Ok);
        Assert.Equal(11, preview.Column);
    }

    [Fact]
    public void Grade_UnknownVariable_IsInvalidAndNamed()
    {
        var result = Problem(SinSquared).Variant(1).Grade("2y cos(x^2)");
        Assert.Equal(GradeVerdict.Invalid, result.Verdict);
        Assert.Equal(DiagnosisKind.UnknownVariable, result.Diagnosis);
        Assert.Equal(2, result.ErrorColumn);
    }

    [Fact]
    public void Grade_SameInputs_SameResult()
    {
        var p = Problem(SinSquared);
        Assert.Equal(p.Variant(5).Grade("2 x cos(x^2) + 0.001"), p.Variant(5).Grade("2 x cos(x^2) + 0.001"));
    }

    [Fact]
    public void Render_SubstitutesFunctionAsLatex()
    {
        var rendered = Problem(SinSquared).Variant(3).Render();
        Assert.Equal("Differentiate $f(x) = \\sin\\left(x^{2}\\right)$.", rendered.StatementMarkdown);
        Assert.Equal(["x"], rendered.Variables);
    }

    [Fact]
    public void PreviewExpression_ShowsReading()
    {
        var preview = ExpressionAnswer.PreviewOf("1/2x", ["x"]);
        Assert.True(preview.Ok);
        Assert.Equal("1/2*x", preview.Text);
    }

    [Theory]
    // An unclosed flow sequence is reported where the parser notices, at the end of the text.
    [InlineData("key: [unclosed", 2)]
    [InlineData("key: a\ntitle: b\nweek: x\nproblems: []\n", 3)]
    public void ProblemSetReader_Errors_HaveLines(string yaml, int line)
    {
        var result = ProblemSetReader.Read(yaml, "file.yaml");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Line == line && e.Source == "file.yaml");
    }

    [Fact]
    public void ProblemReader_UnknownKey_SuggestsAndGivesLine()
    {
        var result = ProblemReader.Read(SinSquared + "\nhnit: typo\n", "p");
        Assert.Null(result.Problem);
        var error = Assert.Single(result.Errors);
        Assert.Equal(9, error.Line);
        Assert.Contains("Did you mean 'hint'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemReader_BadFunction_Reported()
    {
        var result = ProblemReader.Read(SinSquared.Replace("sin(x^2)", "sin(x^2", StringComparison.Ordinal), "p");
        Assert.Null(result.Problem);
        Assert.Contains(result.Errors, e => e.Line == 6 && e.Message.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReferenceUndefinedAlmostEverywhere_IsAuthoringError()
    {
        var p = Problem(SinSquared.Replace("sin(x^2)", "sqrt(-x^2 - 1) + x", StringComparison.Ordinal));
        var issues = ProblemValidator.Validate(p, [0]);
        Assert.Contains(issues, i => i.Message.Contains("undefined almost everywhere", StringComparison.Ordinal));
    }
}

public class SeedWeek1Tests
{
    private static ProblemSetDefinition Week1()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Seed", "week-1.yaml");
        var result = ProblemSetReader.Read(File.ReadAllText(path), "week-1.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.ProblemSet!;
    }

    [Fact]
    public void Week1_Reads_WithAtLeastSixDerivativeProblems()
    {
        var set = Week1();
        Assert.Equal(1, set.Week);
        Assert.True(set.Problems.Count(p => p.Kind == "derivative") >= 6);
    }

    [Fact]
    public void Week1_SelfTests_PassForManySeeds()
    {
        var issues = Week1().Problems.SelectMany(p => ProblemValidator.Validate(p, Enumerable.Range(0, 12).ToArray())).ToList();
        Assert.True(issues.Count == 0, string.Join("\n", issues));
    }

    [Fact]
    public void Week1_SpecYaml_RoundTripsThroughProblemReader()
    {
        foreach (var p in Week1().Problems)
        {
            var again = ProblemReader.Read(p.SpecYaml, p.Key);
            Assert.True(again.Problem is not null, p.Key + ": " + string.Join("; ", again.Errors));
            Assert.Equal(p.Key, again.Problem!.Key);
        }
    }

    [Fact]
    public void Week1_Parameters_DependOnSeedDeterministically()
    {
        var p = Week1().Problems.Single(x => x.Key == "power-rule");
        var statements = Enumerable.Range(0, 20).Select(s => p.Variant(s).Render().StatementMarkdown).ToList();
        Assert.True(statements.Distinct().Count() > 3);
        Assert.Equal(statements, Enumerable.Range(0, 20).Select(s => p.Variant(s).Render().StatementMarkdown).ToList());
    }
}

public class RenderTests
{
    [Fact]
    public void Render_SubstitutesParametersInHint_AndOrdersPolynomialByDegree()
    {
        const string yaml = """
            key: p
            title: P
            kind: derivative
            variables: [x]
            parameters:
              k: { choice: [3] }
            function: "k + x^k - 2x"
            wrt: x
            statement: "Differentiate $f(x) = {{f}}$."
            hint: "The exponent is {{k}}."
            """;
        var rendered = ProblemReader.Read(yaml, "p").Problem!.Variant(0).Render();
        Assert.Equal("Differentiate $f(x) = x^{3} - 2 x + 3$.", rendered.StatementMarkdown);
        Assert.Equal("The exponent is 3.", rendered.Hint);
    }
}

public class AuthorOptionTests
{
    private static ProblemDefinition Problem(string extra) => ProblemReader.Read($"""
        key: p
        title: P
        kind: derivative
        variables: [x]
        function: "x^3/9 + sqrt(x^2)"
        wrt: x
        statement: "s"
        {extra}
        """, "p").Problem ?? throw new InvalidOperationException(extra);

    [Fact]
    public void AcceptDecimals_FromYaml_AcceptsRoundedCoefficient()
    {
        Assert.Equal(GradeVerdict.Incorrect, Problem("").Variant(0).Grade("0.333x^2 + x/abs(x)").Verdict);
        Assert.Equal(GradeVerdict.Correct, Problem("accept_decimals: true").Variant(0).Grade("0.333x^2 + x/abs(x)").Verdict);
    }

    [Fact]
    public void Domain_FromYaml_RestrictsComparison()
    {
        // d/dx |x| is x/|x|: 1 on x > 0 only.
        Assert.Equal(GradeVerdict.Incorrect, Problem("").Variant(0).Grade("x^2/3 + 1").Verdict);
        Assert.Equal(GradeVerdict.Correct, Problem("domain: { x: [0.5, 4] }").Variant(0).Grade("x^2/3 + 1").Verdict);
    }
}
