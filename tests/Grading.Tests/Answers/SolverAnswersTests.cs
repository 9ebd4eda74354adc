using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Solvers;
using GraderHub.Grading.Tests.Solvers;
using static GraderHub.Grading.Tests.Solvers.NumericSample;

namespace GraderHub.Grading.Tests.Answers;

// Each kind of numeric-method answer built from a numeric-sample task, graded with the task's
// independently computed answer typed to a student's precision, and with a wrong one.
public class SolverAnswersTests
{
    private static readonly NumericTolerance Student = new(1e-6, 1e-4);
    private static readonly string[] XY = ["x", "y"];
    private static readonly string[] Names = ["x", "y", "z", "m", "c", "A", "tau"];

    private static Expr E(string text) => MathExpression.ParseCanonical(text, Names) ?? throw new ArgumentException(text);

    private static Equation Eq(string text) => text.Split('=') is [var l, var r] ? new Equation(E(l), E(r)) : new Equation(E(text), Expr.Zero);

    private static LagrangeProblem Problem(Expr f, IReadOnlyList<Equation> constraints, IReadOnlyList<string> variables, Func<double[], bool>? domain = null) =>
        SolverAnswers.LagrangeProblemOf(f, constraints, variables, domain).Expect();

    [Fact]
    public void NewtonIterates_TheFilesIteratesRounded_AreCorrect()
    {
        var answer = SolverAnswers.NewtonIterates(E("x^3 - 2*x - 5"), "x", 2, 4, Student).Expect();

        Assert.Equal(AnswerKind.Sequence, answer.Kind);
        Assert.Equal(GradeVerdict.Correct, answer.Grade(Typed(Doubles(Get("nr01").Answer["iterates"]))).Verdict);
        Assert.Equal(GradeVerdict.PartiallyCorrect, answer.Grade("2.1, 2.2, 2.0945515, 2.0945515").Verdict);
    }

    [Fact]
    public void NewtonIterates_ZeroDerivativeAtStart_RejectsTheVariant()
    {
        var result = SolverAnswers.NewtonIterates(E("x^2 - 4"), "x", 0, 3, Student);

        Assert.Equal(SolverFailureKind.Singular, result.Failure?.Kind);
    }

    [Fact]
    public void NewtonSystemIterates_TheFilesIterates_AreCorrect()
    {
        var t = Get("nr15");
        var answer = SolverAnswers.NewtonSystemIterates([E("exp(x) - y"), E("x + y - 2")], XY, [0.0, 0.0], 5, Student).Expect();

        var typed = string.Join(", ", Rows(t.Answer["iterates"]).Select(p => "(" + Typed(p) + ")"));
        Assert.Equal(GradeVerdict.Correct, answer.Grade(typed).Verdict);
    }

    [Fact]
    public void NewtonRoot_ExactAndRounded()
    {
        var answer = SolverAnswers.NewtonRoot(E("x*exp(x) - 1"), "x", 1, Student).Expect();

        Assert.Equal(GradeVerdict.Correct, answer.Grade("0.567143").Verdict);
        Assert.Equal(GradeVerdict.Incorrect, answer.Grade("0.568").Verdict);
    }

    [Fact]
    public void GradientDescent_PointAfterStepsAndMinimiser()
    {
        var t = Get("gd02");
        var point = SolverAnswers.GradientDescentPoint(E("x^2 + x*y + y^2 - 3*x"), XY, [0.0, 0.0], new FixedStep(0.1), 100, Student).Expect();
        var minimiser = SolverAnswers.GradientDescentMinimiser(E("x^2 + x*y + y^2 - 3*x"), XY, [0.0, 0.0], new FixedStep(0.1), Student).Expect();
        var iterates = SolverAnswers.GradientDescentIterates(E("x^2 + x*y + y^2 - 3*x"), XY, [0.0, 0.0], new FixedStep(0.1), 2, Student).Expect();

        Assert.Equal(GradeVerdict.Correct, point.Grade("[" + Typed(Doubles(t.Answer["p_n"])) + "]").Verdict);
        Assert.Equal(GradeVerdict.Correct, minimiser.Grade("(2, -1)").Verdict);
        Assert.Equal(0.5, minimiser.Grade("(2, 1)").Score);
        Assert.Equal(GradeVerdict.Correct, iterates.Grade("(0.3, 0), (0.54, -0.03)").Verdict);
    }

    [Fact]
    public void LagrangeCriticalPoints_lg07_RoundedPointsAreCorrectAndAMissingOneIsNamed()
    {
        var t = Get("lg07");
        var answer = SolverAnswers.LagrangeCriticalPoints(Problem(E("2*x + y"), [Eq("x^2/4 + y^2 - 1 = 0")], XY), Student).Expect();
        var points = Rows(t.Answer["critical_points"]);

        Assert.Equal(GradeVerdict.Correct, answer.Grade("{" + string.Join(", ", points.Select(p => "(" + Typed(p) + ")")) + "}").Verdict);
        Assert.Equal(GradeVerdict.Correct, answer.Grade("{(8/sqrt(17), 1/sqrt(17)), (-8/sqrt(17), -1/sqrt(17))}").Verdict);
        var half = answer.Grade("{(" + Typed(points[0]) + ")}");
        Assert.Equal(0.5, half.Score);
        Assert.Contains("1 point is missing", half.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void LagrangeExtremum_MaxOfUnboundedProblem_RejectsTheVariant()
    {
        string[] xyz = ["x", "y", "z"];
        var min = SolverAnswers.LagrangeExtremum(Problem(E("x^2 + y^2 + z^2"), [Eq("x + y + z - 1 = 0")], xyz), false, Student).Expect();
        var max = SolverAnswers.LagrangeExtremum(Problem(E("x^2 + y^2 + z^2"), [Eq("x + y + z - 1 = 0")], xyz), true, Student);

        Assert.Equal(GradeVerdict.Correct, min.Grade("1/3").Verdict);
        Assert.Equal(SolverFailureKind.Infeasible, max.Failure?.Kind);
    }

    [Fact]
    public void LinearFit_lr03_ParametersAndChiSquared()
    {
        var t = Get("lr03");
        var (x, y, s) = (Doubles(t.Inputs["x"]), Doubles(t.Inputs["y"]), Doubles(t.Inputs["sigma"]));
        var parameters = SolverAnswers.LinearFitParameters(E("m*x + c"), "x", ["m", "c"], x, y, s, Student).Expect();
        var chi2 = SolverAnswers.LinearFitChiSquared(E("m*x + c"), "x", ["m", "c"], x, y, s, Student).Expect();

        Assert.Equal(GradeVerdict.Correct, parameters.Grade($"[{Typed([(double)t.Answer["m"]!, (double)t.Answer["c"]!])}]").Verdict);
        Assert.Equal(GradeVerdict.Correct, chi2.Grade(Typed([(double)t.Answer["chi2"]!])).Verdict);
        Assert.Equal(GradeVerdict.Incorrect, chi2.Grade("9.7").Verdict);
    }

    [Fact]
    public void NonlinearFit_nl03_AcceptsAnyParametersAtTheMinimumChiSquared()
    {
        var t = Get("nl03");
        var answer = SolverAnswers.NonlinearFitParameters(
            E("A*exp(-x/tau)"), "x", ["A", "tau"], Doubles(t.Inputs["x"]), Doubles(t.Inputs["y"]), Doubles(t.Inputs["sigma"]), [8.0, 1.0],
            chiSquaredTolerance: new NumericTolerance(0.05, 0), parameterTolerance: new NumericTolerance(1e-6, 1e-5)).Expect();

        // Three significant figures are outside the per-parameter tolerance but on the chi-squared floor.
        Assert.Equal(GradeVerdict.Correct, answer.Grade("(10.2192, 1.77132)").Verdict);
        Assert.Equal(GradeVerdict.Correct, answer.Grade("(10.22, 1.771)").Verdict);
        var far = answer.Grade("(10.2192, 1.9)");
        Assert.Equal(GradeVerdict.PartiallyCorrect, far.Verdict);
        Assert.Contains("above the minimum", far.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void BackpropGradient_bp04_WeightMatrixAndBiases()
    {
        var t = Get("bp04");
        var i = t.Inputs;
        DenseLayer[] layers =
        [
            new(NumericSampleLambdaTests.Frozen(Rows(i["W1"])), [.. Doubles(i["b1"])], Activation.Sigmoid),
            new(NumericSampleLambdaTests.Frozen(Rows(i["W2"])), [.. Doubles(i["b2"])], Activation.Sigmoid),
        ];
        var tight = new NumericTolerance(1e-9, 1e-6);
        var dw1 = SolverAnswers.BackpropGradient(layers, Doubles(i["x"]), Doubles(i["y"]), Loss.HalfSquaredError, 0, true, tight).Expect();
        var db2 = SolverAnswers.BackpropGradient(layers, Doubles(i["x"]), Doubles(i["y"]), Loss.HalfSquaredError, 1, false, tight).Expect();

        Assert.Equal(AnswerKind.Matrix, dw1.Kind);
        Assert.Equal(GradeVerdict.Correct, dw1.Grade("[" + string.Join(", ", Rows(t.Answer["dW1"]).Select(r => "[" + Typed(r, 9) + "]")) + "]").Verdict);
        Assert.Equal(GradeVerdict.Invalid, dw1.Grade("[-0.0084, 0.0052]").Verdict);
        Assert.Equal(GradeVerdict.Correct, db2.Grade("[" + Typed(Doubles(t.Answer["db2"]), 9) + "]").Verdict);
    }

    [Fact]
    public void JacobianAndHessianAtAPoint()
    {
        var jacobian = SolverAnswers.JacobianAt([E("x + y + z"), E("x*y - z^2")], ["x", "y", "z"], [1.0, -1.0, 2.0], Student).Expect();
        var hessian = SolverAnswers.HessianAt(E("log(1 + x^2 + y^2)"), XY, [1.0, 1.0], Student).Expect();

        Assert.Equal(GradeVerdict.Correct, jacobian.Grade("[[1, 1, 1], [-1, 1, -4]]").Verdict);
        Assert.Equal(GradeVerdict.Correct, hessian.Grade("[[2/9, -4/9], [-4/9, 2/9]]").Verdict);
        Assert.Equal(0.5, hessian.Grade("[[2/9, 4/9], [4/9, 2/9]]").Score);
    }

    [Fact]
    public void Grade_ArbitraryText_NeverThrows()
    {
        var answers = new[]
        {
            SolverAnswers.NewtonIterates(E("x^3 - 2*x - 5"), "x", 2, 4, Student).Expect(),
            SolverAnswers.LagrangeCriticalPoints(Problem(E("x*y"), [Eq("x^2 + y^2 = 2")], XY), Student).Expect(),
            SolverAnswers.HessianAt(E("x^3 + y^3 - 3*x*y"), XY, [0.0, 0.0], Student).Expect(),
        };
        var random = new Random(2026);
        const string alphabet = "()[]{},.;= 0123456789xyze^*/+-sqrtlogpi";
        for (var k = 0; k < 3000; k++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            foreach (var answer in answers)
            {
                var grade = answer.Grade(text);
                Assert.DoesNotContain("Internal error", grade.Feedback, StringComparison.Ordinal);
                Assert.InRange(grade.Score, 0, 1);
                Assert.True(grade.Verdict != GradeVerdict.Invalid || grade.ErrorColumn is >= 1, $"'{text}': invalid without a column");
                var preview = answer.Preview(text);
                Assert.True(preview.Ok || preview.Column is >= 1, $"'{text}': preview error without a column");
                Assert.DoesNotContain("Internal error", preview.Error ?? "", StringComparison.Ordinal);
            }
        }
    }

    private static string Typed(IReadOnlyList<double> values, int digits = 7) =>
        string.Join(", ", values.Select(v => v.ToString("G" + digits, System.Globalization.CultureInfo.InvariantCulture)));
}
