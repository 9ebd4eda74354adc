using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

// The one Variant every road asks: placeholders filled in statements and hints of every kind (a
// leftover fails validation), previews that show the answer's shape, and constants with no value
// refused on both sides.
public class VariantTests
{
    private static ProblemDefinition Read(string yaml) =>
        ProblemReader.Read(yaml, "test") is { Problem: { } p } ? p : throw new InvalidOperationException(string.Join("; ", ProblemReader.Read(yaml, "test").Errors));

    private const string Newton = """
        key: n
        title: N
        kind: newton
        variables: [x]
        parameters: { c: { choice: [2] } }
        function: "x^2 - c"
        start: ["1"]
        steps: 2
        statement: "Iterate $f = {{f}}$ from {{x0}}."
        hint: "Use $c = {{c}}$."
        tests:
          correct: ["{{ref}}"]
        """;

    [Fact]
    public void Render_StructuredKind_FillsTheHintToo()
    {
        var rendered = Read(Newton).Variant(0).Render();

        Assert.Equal("Use $c = 2$.", rendered.Hint);
        // The precision sentence is added from the tolerance where the author placed no {{precision}}.
        Assert.Equal("Iterate $f = x^{2} - 2$ from 1.\n\n" + GraderHub.Grading.Feedback.Precision.Of(Read(Newton).Variant(0).Tolerance!).Sentence, rendered.StatementMarkdown);
        Assert.Equal("x₁, …, x₂ =", rendered.Box.Prefix);
    }

    [Theory]
    [InlineData("statement", "\"Iterate {{g}}.\"")]
    [InlineData("hint", "\"Use {{d}}.\"")]
    public void Validate_PlaceholderLeftOver_IsAnAuthoringError(string key, string text)
    {
        var yaml = string.Join("\n", Newton.Split('\n').Select(l => l.StartsWith(key + ":", StringComparison.Ordinal) ? $"{key}: {text}" : l));

        var issues = ProblemValidator.Validate(Read(yaml), [0, 1]);

        Assert.Equal(2, issues.Count);
        Assert.All(issues, i => Assert.Contains($"the {key} keeps {{{{", i.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EverythingFilled_HasNoIssue()
    {
        Assert.Empty(ProblemValidator.Validate(Read(Newton), [0, 1, 2]));
    }

    [Fact]
    public void Preview_EachAnswerShape_ShowsItsShape()
    {
        var newton = Read(Newton).Variant(0).Preview("1.5, 1.4167");
        Assert.Equal(@"x_{1} = 1.5,\quad x_{2} = 1.4167", newton.Latex);

        var gradient = Read("key: g\ntitle: G\nkind: gradient\nvariables: [x, y]\nfunction: \"x^2*y\"\nstatement: s\n").Variant(0);
        Assert.Equal(@"\begin{pmatrix} 2 x y \\ x^{2} \end{pmatrix}", gradient.Preview("(2xy, x^2)").Latex);
        Assert.Equal("∇f =", gradient.Box.Prefix);
        Assert.False(gradient.Preview("(2xy)").Ok);

        var lagrange = Read("key: l\ntitle: L\nkind: lagrange\nvariables: [x, y]\nfunction: \"x + y\"\nconstraints: [\"x^2 + y^2 = 1\"]\nstatement: s\n").Variant(0);
        Assert.Equal(@"\left\{ \left(1,\ 2\right),\ \left(-1,\ 0\right) \right\}", lagrange.Preview("{(1, 2), (-1, 0)}").Latex);
        Assert.False(lagrange.Preview("{(1, 2, 3)}").Ok);

        var fit = Read("key: f\ntitle: F\nkind: linear_fit\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\ndata: { x: [0, 1, 2], y: [1, 3, 5], sigma: 1 }\nstatement: s\n").Variant(0);
        Assert.Equal("(m, c) =", fit.Box.Prefix);
    }

    [Theory]
    [InlineData("1/0")]
    [InlineData("log(0)")]
    [InlineData("0^(-1)")]
    public void UndefinedConstant_AsAnswer_IsInvalidAndRefusedByThePreview(string answer)
    {
        var variant = Read("key: d\ntitle: D\nkind: derivative\nvariables: [x]\nfunction: \"x^2\"\nwrt: x\nstatement: s\n").Variant(0);

        var grade = variant.Grade(answer);

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Contains("has no value", grade.Feedback, StringComparison.Ordinal);
        Assert.False(variant.Preview(answer).Ok);
        Assert.Equal(EquivalenceVerdict.Invalid, EquivalenceChecker.Check("2*x", answer, ["x"]).Verdict);
    }

    [Theory]
    [InlineData("1/0")]
    [InlineData("log(0)")]
    public void UndefinedConstant_AsReference_IsInvalid(string reference)
    {
        var result = EquivalenceChecker.Check(reference, reference, ["x"]);

        Assert.Equal(EquivalenceVerdict.Invalid, result.Verdict);
        Assert.Contains("has no value", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReferenceUndefinedEverywhere_IsAnAuthoringError()
    {
        var problem = Read("key: d\ntitle: D\nkind: derivative\nvariables: [x]\nfunction: \"log(-x^2 - 1)\"\nwrt: x\nstatement: s\n");

        Assert.Contains(ProblemValidator.Validate(problem, [0]), i => i.Message.Contains("undefined almost everywhere", StringComparison.Ordinal));
    }
}
