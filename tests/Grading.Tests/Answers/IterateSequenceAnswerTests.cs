using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Answers;

public class IterateSequenceAnswerTests
{
    private static readonly NumericTolerance FourFigures = new(1e-6, 1e-4);

    // Newton on x^2 - 2 from 1: 1.5, 1.41667, 1.41422.
    private static readonly IterateSequenceAnswer SquareRoot =
        IterateSequenceAnswer.ForNewton(ExpressionFunctions.Univariate("x^2 - 2", "x").Expect(), 1, 3, FourFigures);

    [Theory]
    [InlineData("1.5, 1.41667, 1.41422")]
    [InlineData("3/2, 17/12, 577/408")]
    [InlineData("1, 1.5, 1.41667, 1.41422")]
    [InlineData("[1.5, 1.41667, 1.41422]")]
    public void Grade_RightIterates_AreCorrect(string answer)
    {
        Assert.Equal(GradeVerdict.Correct, SquareRoot.Grade(answer).Verdict);
    }

    [Fact]
    public void Grade_OneSlip_CostsOneStepNotTheRest()
    {
        // x2 is wrong; x3 = 1.45 - (1.45^2 - 2)/(2*1.45) = 1.414655... follows from the student's own x2.
        var grade = SquareRoot.Grade("1.5, 1.45, 1.414655");

        Assert.Equal(GradeVerdict.PartiallyCorrect, grade.Verdict);
        Assert.Equal(2.0 / 3, grade.Score, 12);
        // Words only: the step and what it should have done, not the value it should have given.
        Assert.Contains("Step 2 does not follow from your step 1, x1 = 1.5: one Newton step from there does not give 1.45.", grade.Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("1.41666", grade.Feedback, StringComparison.Ordinal);
        Assert.Contains("one Newton step from there gives 1.4166667, not 1.45", grade.FeedbackWithValues, StringComparison.Ordinal);
        Assert.Equal(SlipKind.OneSlip, grade.Diagnosis);
    }

    [Fact]
    public void Grade_WrongNumberOfIterates_IsInvalid()
    {
        var grade = SquareRoot.Grade("1.5, 1.41667");

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Contains("Expected 3 iterates x1 to x3, got 2", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_GradientDescentPoints_AreCheckedStepByStep()
    {
        // f = x^2 + x y + y^2 - 3x, eta = 0.1 from (0, 0): p1 = (0.3, 0), p2 = (0.54, -0.03).
        var f = ExpressionFunctions.Scalar("x^2 + x*y + y^2 - 3*x", ["x", "y"]).Expect();
        var answer = IterateSequenceAnswer.ForGradientDescent(f, [0.0, 0.0], new FixedStep(0.1), 2, FourFigures);

        Assert.Equal(GradeVerdict.Correct, answer.Grade("(0.3, 0), (0.54, -0.03)").Verdict);
        Assert.Equal(0.5, answer.Grade("(0.3, 0.1), (0.54, -0.03)").Score);
    }

    [Fact]
    public void Grade_NewtonSystem_UsesTheJacobianStep()
    {
        // nr15: F = (exp(x) - y, x + y - 2) from (0, 0); first step (0.5, 1.5).
        var f = ExpressionFunctions.Vector(["exp(x) - y", "x + y - 2"], ["x", "y"]).Expect();
        var answer = IterateSequenceAnswer.ForNewton(f, [0.0, 0.0], 2, FourFigures);

        Assert.Equal(GradeVerdict.Correct, answer.Grade("(0.5, 1.5), (0.443852, 1.556148)").Verdict);
    }
}
