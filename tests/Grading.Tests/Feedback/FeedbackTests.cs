using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Feedback;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Feedback;

// Feedback that teaches without giving the answer away: words for iterates unless values may be
// shown, named structured slips, and messages that are grammatical and blame nothing that is not there.
public class FeedbackTests
{
    private static readonly NumericTolerance Tolerance = new(1e-6, 1e-4);

    private static ProblemDefinition Problem(string yaml) =>
        ProblemReader.Read(yaml, "test") is { Problem: { } p } ? p : throw new InvalidOperationException(string.Join("; ", ProblemReader.Read(yaml, "test").Errors));

    private const string NewtonProblem = """
        key: nr
        title: Newton
        kind: newton
        variables: [x]
        function: "x^2 - 2"
        start: ["1"]
        steps: 3
        statement: "Iterate from {{x0}}, {{precision}}."
        tests:
          correct: ["1.5, 1.416667, 1.414216"]
        """;

    [Fact]
    public void Grade_WrongNewtonStep_NamesTheStepInWordsByDefault()
    {
        var variant = Problem(NewtonProblem).Variant(0);

        var words = variant.Grade("1.5, 1.45, 1.414655");

        Assert.Equal(GradeVerdict.PartiallyCorrect, words.Verdict);
        Assert.Contains("Step 2 does not follow from your step 1, x1 = 1.5: one Newton step from there does not give 1.45.", words.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("1.41666", words.Feedback, StringComparison.Ordinal);
        Assert.Equal(variant.Grade("1.5, 1.45, 1.414655", FeedbackDetail.Words).Feedback, words.Feedback);
    }

    [Fact]
    public void Grade_WrongNewtonStep_ShowsTheValueOnlyWhenAskedFor()
    {
        var values = Problem(NewtonProblem).Variant(0).Grade("1.5, 1.45, 1.414655", FeedbackDetail.Values);

        Assert.Contains("gives 1.4166667, not 1.45", values.Feedback, StringComparison.Ordinal);
        Assert.Null(values.FeedbackWithValues);
    }

    [Fact]
    public void Grade_FirstStepWrong_NamesTheStartAndTheRest()
    {
        var grade = Problem(NewtonProblem).Variant(0).Grade("1.6, 1.3, 1.2");

        Assert.StartsWith("0 of 3 steps are correct. Step 1 does not follow from the start x0 = 1:", grade.Feedback, StringComparison.Ordinal);
        Assert.Contains("Steps 2 and 3 do not follow from the steps before them either.", grade.Feedback, StringComparison.Ordinal);
        Assert.Null(grade.Diagnosis);
    }

    [Fact]
    public void Grade_OneArithmeticSlip_IsDiagnosedAsTheRightMethod()
    {
        var grade = Problem(NewtonProblem).Variant(0).Grade("1.5, 1.45, 1.414655");

        Assert.Equal(SlipKind.OneSlip, grade.Diagnosis);
        Assert.Contains("The method is right: one arithmetic slip in step 2", grade.Feedback, StringComparison.Ordinal);
        Assert.StartsWith("2 of 3 steps are correct.", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_GradientDescentStep_NamesTheLineSearch()
    {
        var f = ExpressionFunctions.Scalar("x^2 + y^2", ["x", "y"]).Expect();
        var answer = IterateSequenceAnswer.ForGradientDescent(f, [1.0, 1.0], new BacktrackingStep(1, 0.5, 1e-4), 1, Tolerance);

        var grade = answer.Grade("(0.2, 0.2)");

        Assert.Contains("one gradient-descent step with the backtracking line search from there does not give (0.2, 0.2)", grade.Feedback, StringComparison.Ordinal);
    }

    private static ExpressionEntry E(string text, params string[] variables) => ExpressionEntry.Of(MathExpression.ParseCanonical(text, variables)!, variables);

    [Fact]
    public void Grade_GradientComponentsSwapped_IsDiagnosed()
    {
        var gradient = ArrayAnswer.Vector([E("2*x*y", "x", "y"), E("x^2 + 3*y^2", "x", "y")]);

        var grade = gradient.Grade("(x^2 + 3y^2, 2x y)");

        Assert.Equal(GradeVerdict.Incorrect, grade.Verdict);
        Assert.Equal(SlipKind.Swapped, grade.Diagnosis);
        Assert.Contains("Components 1 and 2 are in each other's place", grade.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("2*x*y", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_FitParametersSwapped_NamesThem()
    {
        var fit = SolverAnswers.Vector([2.5, -1.25], Tolerance, ["m", "c"]);

        var grade = fit.Grade("(-1.25, 2.5)");

        Assert.Equal(SlipKind.Swapped, grade.Diagnosis);
        Assert.Contains("m and c are in each other's place: give them in the order (m, c).", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_JacobianTransposed_IsDiagnosed()
    {
        var jacobian = ArrayAnswer.Matrix([[E("cos(t)", "r", "t"), E("-r*sin(t)", "r", "t")], [E("sin(t)", "r", "t"), E("r*cos(t)", "r", "t")]]);

        var grade = jacobian.Grade("[[cos(t), sin(t)], [-r sin(t), r cos(t)]]");

        Assert.Equal(GradeVerdict.PartiallyCorrect, grade.Verdict);
        Assert.Equal(SlipKind.Transposed, grade.Diagnosis);
        Assert.Contains("transpose", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_HessianOffDiagonalSign_IsDiagnosed()
    {
        var hessian = SolverAnswers.Matrix([[2.0, 3.0], [3.0, -4.0]], Tolerance);

        var grade = hessian.Grade("[[2, -3], [-3, -4]]");

        Assert.Equal(SlipKind.OffDiagonalSign, grade.Diagnosis);
        Assert.Contains("off-diagonal entries have the wrong sign", grade.Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(1, 7)")]          // one component wrong: that entry's own message, no slip
    [InlineData("(3, 5)")]          // two wrong, but not each other's value
    public void Grade_ScatteredMistakes_NameNoSlip(string answer)
    {
        var grade = SolverAnswers.Vector([1.0, 2.0], Tolerance, ["m", "c"]).Grade(answer);

        Assert.NotEqual(GradeVerdict.Correct, grade.Verdict);
        Assert.Null(grade.Diagnosis);
    }

    [Fact]
    public void Grade_SymmetricMatrixRight_IsNotCalledTransposed()
    {
        Assert.Equal(GradeVerdict.Correct, SolverAnswers.Matrix([[2.0, 3.0], [3.0, -4.0]], Tolerance).Grade("[[2, 3], [3, -4]]").Verdict);
    }

    [Fact]
    public void Grade_PointSetMissingOrExtraPoint_IsDiagnosed()
    {
        var set = new PointSetAnswer([[1.0, 0.0], [-1.0, 0.0]], 2, Tolerance);

        var missing = set.Grade("{(1, 0)}");
        var extra = set.Grade("{(1, 0), (-1, 0), (0, 0)}");
        var wrong = set.Grade("{(1, 0), (0, 3)}");

        Assert.Equal(SlipKind.MissingPoint, missing.Diagnosis);
        Assert.Contains("1 point is missing.", missing.Feedback, StringComparison.Ordinal);
        Assert.Equal(SlipKind.ExtraPoint, extra.Diagnosis);
        Assert.Null(wrong.Diagnosis);
    }

    [Theory]
    [InlineData(1, "1 entry")]
    [InlineData(2, "2 entries")]
    [InlineData(0, "0 entries")]
    public void Count_AgreesWithTheNumber(int n, string expected)
    {
        Assert.Equal(expected, Wording.Count(n, "entry", "entries"));
    }

    [Theory]
    [InlineData(1, 3, "1 of 3 steps is correct.")]
    [InlineData(2, 3, "2 of 3 steps are correct.")]
    [InlineData(0, 1, "0 of 1 step is correct.")]
    public void OfCorrect_AgreesWithTheCount(int correct, int total, string expected)
    {
        Assert.Equal(expected, Wording.OfCorrect(correct, total, "step"));
    }

    [Fact]
    public void Grade_MatrixRowTooShort_SaysOneEntry()
    {
        var grade = SolverAnswers.Matrix([[1.0, 2.0], [3.0, 4.0]], Tolerance).Grade("[[1, 2], [3]]");

        Assert.Contains("row 2 has 1 entry.", grade.Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("y = 2x")]
    [InlineData("f(x) = 2x")]
    [InlineData("dy/dx = 2x")]
    public void Parse_AnEquation_SaysTheAnswerIsAnExpression(string answer)
    {
        var error = MathExpression.Parse(answer, ["x"]).Error!;

        Assert.Contains("An answer is an expression, not an equation", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOneLetterName_SuggestsNothingUnrelated()
    {
        var error = MathExpression.Parse("2y + 1", ["x"]).Error!;

        Assert.DoesNotContain("Did you mean 'e'", error.Message, StringComparison.Ordinal);
        Assert.Contains("this problem's variables are x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherCase_IsStillSuggested()
    {
        Assert.Contains("Did you mean 'x'?", MathExpression.Parse("2X", ["x"]).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_AnswerZero_IsNotZeroTimesTheDerivative()
    {
        var reference = new PreparedReference(MathExpression.ParseCanonical("2*x", ["x"])!, MathExpression.ParseCanonical("2*x", ["x"])!, ["x"]);
        var answer = MathExpression.Parse("0", ["x"]).Expression!;

        var diagnosis = Diagnoser.Diagnose(reference, answer, MathExpression.ParseCanonical("x^2", ["x"]), "x");

        Assert.DoesNotContain("0 times", diagnosis.Feedback, StringComparison.Ordinal);
        Assert.Equal("Your answer is 0 everywhere, and the derivative is not.", diagnosis.Feedback);
    }

    // Every message the engine builds with a count goes through Wording: no "1 entries", "1 points".
    [Fact]
    public void EngineSource_HasNoHandMadePlurals()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Grading"));
        var offenders = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, i, line)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(x.line, @"\$""[^""]*\{[^}]*\} (entries|points|rows|steps|components|critical points)\b"))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
