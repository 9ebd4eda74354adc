using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

public class TaylorProblemTests
{
    private const string Yaml = """
        key: taylor-sqrt
        title: Linearise and beyond
        kind: taylor
        variables: [x]
        parameters:
          a: { choice: [4, 9, 16] }
        function: "sqrt(x)"
        at: { x: a }
        order: 2
        statement: "Find the Taylor polynomial of order {{order}} of $f(x) = {{f}}$ about $x = {{a}}$."
        tests:
          correct: ["sqrt(a) + (x-a)/(2 sqrt(a)) - (x-a)^2/(8 a sqrt(a))"]
          wrong:
            - { answer: "sqrt(x)", diagnosis: function_itself }
            - { answer: "sqrt(a) + (x-a)/(2 sqrt(a))", diagnosis: wrong_order }
        """;

    private static ProblemDefinition Problem() =>
        ProblemReader.Read(Yaml, "t").Problem ?? throw new InvalidOperationException(string.Join("; ", ProblemReader.Read(Yaml, "t").Errors));

    [Fact]
    public void Grade_SecondOrderAtFour_AcceptsExpandedForm()
    {
        var p = Problem();
        // Seed 0 draws some a; find a seed with a = 4 through the statement.
        var seed = Enumerable.Range(0, 50).First(s => p.Variant(s).Render().StatementMarkdown.EndsWith("$x = 4$.", StringComparison.Ordinal));
        Assert.Equal(GradeVerdict.Correct, p.Variant(seed).Grade("-x^2/64 + 3x/8 + 3/4").Verdict);
        Assert.Equal(GradeVerdict.Correct, p.Variant(seed).Grade("2 + 1/4(x-4) - 1/64(x-4)^2").Verdict);
        var wrong = p.Variant(seed).Grade("2 + (x-4)/4 - (x-4)^2/32");
        Assert.Equal(GradeVerdict.Incorrect, wrong.Verdict);
        Assert.Equal(DiagnosisKind.None, wrong.Diagnosis);
        Assert.DoesNotContain("64", wrong.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SelfTests_PassForSeveralSeeds() =>
        Assert.Empty(ProblemValidator.Validate(Problem(), Enumerable.Range(0, 6).ToArray()));

    [Fact]
    public void Grade_ExpandedAboutOrigin_IsWrongPoint()
    {
        var yaml = """
            key: t2
            title: T
            kind: taylor
            variables: [x]
            function: "exp(x)"
            at: { x: 1 }
            order: 2
            statement: "s"
            """;
        var p = ProblemReader.Read(yaml, "t").Problem!;
        Assert.Equal(GradeVerdict.Correct, p.Variant(0).Grade("e + e(x-1) + e/2 (x-1)^2").Verdict);
        Assert.Equal(DiagnosisKind.WrongPoint, p.Variant(0).Grade("1 + x + x^2/2").Diagnosis);
        Assert.Equal(DiagnosisKind.FunctionItself, p.Variant(0).Grade("e^x").Diagnosis);
    }

    [Fact]
    public void Read_TaylorWithoutPoint_ReportsError()
    {
        var result = ProblemReader.Read(Yaml.Replace("at: { x: a }\n", "", StringComparison.Ordinal), "t");
        Assert.Null(result.Problem);
        Assert.Contains(result.Errors, e => e.Message.Contains("'at'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ExpansionAtSingularPoint_IsAuthoringError()
    {
        var p = ProblemReader.Read(Yaml.Replace("choice: [4, 9, 16]", "choice: [0]", StringComparison.Ordinal), "t").Problem!;
        Assert.NotEmpty(ProblemValidator.Validate(p, [0]));
        Assert.Equal(GradeVerdict.Undetermined, p.Variant(0).Grade("x").Verdict);
    }
}
