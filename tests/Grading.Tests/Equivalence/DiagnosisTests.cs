using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Equivalence;

// One test per diagnosis, through the facade the site calls.
public class DiagnosisTests
{
    private static ProblemDefinition Derivative(string function, string vars = "[x]", string wrt = "x")
    {
        var yaml = $"""
            key: d
            title: D
            kind: derivative
            variables: {vars}
            function: "{function}"
            wrt: {wrt}
            statement: "Differentiate."
            """;
        return ProblemReader.Read(yaml, "test").Problem ?? throw new InvalidOperationException(yaml);
    }

    [Theory]
    [InlineData("x^3 + x", "-3x^2 - 1", DiagnosisKind.Sign)]
    [InlineData("sin(x)/x", "(sin(x) - x cos(x))/x^2", DiagnosisKind.QuotientRule)]
    [InlineData("x^3", "6x^2", DiagnosisKind.ConstantFactor)]
    [InlineData("x^3", "3x^2 + 4", DiagnosisKind.AdditiveConstant)]
    [InlineData("sin(x^2)", "cos(x^2)", DiagnosisKind.ChainRule)]
    [InlineData("exp(3x)", "exp(3x)", DiagnosisKind.ChainRule)]
    [InlineData("sin(x^2)", "sin(x^2)", DiagnosisKind.Undifferentiated)]
    [InlineData("x^2 sin(x)", "2x sin(x)", DiagnosisKind.ProductRule)]
    [InlineData("x^2 sin(x)", "2x cos(x)", DiagnosisKind.ProductRule)]
    [InlineData("x^2", "x^3", DiagnosisKind.None)]
    public void Grade_TypicalSlip_IsNamed(string function, string answer, string kind)
    {
        var result = Derivative(function).Variant(0).Grade(answer);
        Assert.Equal(GradeVerdict.Incorrect, result.Verdict);
        Assert.Equal(kind, result.Diagnosis);
    }

    [Fact]
    public void Grade_WrongVariable_IsNamed()
    {
        var result = Derivative("x^2 y^3", "[x, y]").Variant(0).Grade("3x^2 y^2");
        Assert.Equal(DiagnosisKind.WrongVariable, result.Diagnosis);
        Assert.Contains("with respect to y", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_UnknownVariable_IsInvalidAndNamed()
    {
        var result = Derivative("x^2").Variant(0).Grade("2t");
        Assert.Equal(GradeVerdict.Invalid, result.Verdict);
        Assert.Equal(DiagnosisKind.UnknownVariable, result.Diagnosis);
        Assert.Contains("variables are x", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_ConstantFactor_SaysWhich()
    {
        var result = Derivative("x^3").Variant(0).Grade("x^2");
        Assert.Contains("1/3 times", result.Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x^3 + x", "-3x^2 - 1")]
    [InlineData("sin(x^2)", "cos(x^2)")]
    [InlineData("x^2 sin(x)", "2x sin(x)")]
    [InlineData("exp(2x) + x^4", "exp(2x) + 5")]
    public void Feedback_NeverContainsTheReference(string function, string answer)
    {
        var problem = Derivative(function);
        var result = problem.Variant(0).Grade(answer);
        var spec = problem.Spec!;
        var reference = GraderHub.Grading.Expressions.Differentiator.Differentiate(
            GraderHub.Grading.Expressions.MathExpression.ParseCanonical(spec.Function!, spec.Variables)!, "x");
        Assert.DoesNotContain(GraderHub.Grading.Expressions.ExprPrinter.ToText(reference), result.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain(GraderHub.Grading.Expressions.ExprPrinter.ToLatex(reference), result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptDecimals_AuthorOption_AcceptsRoundedValue()
    {
        string[] x = ["x"];
        Assert.Equal(EquivalenceVerdict.NotEquivalent, EquivalenceChecker.Check("x/3", "0.333x", x).Verdict);
        Assert.Equal(EquivalenceVerdict.Equivalent,
            EquivalenceChecker.Check("x/3", "0.333x", x, new EquivalenceOptions { AcceptDecimals = true }).Verdict);
        // The option forgives rounding, not a wrong value.
        Assert.Equal(EquivalenceVerdict.NotEquivalent,
            EquivalenceChecker.Check("x/3", "0.3x", x, new EquivalenceOptions { AcceptDecimals = true }).Verdict);
    }
}
