using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Answers;

public class ArrayAnswerTests
{
    private static readonly string[] XY = ["x", "y"];

    // The gradient and Hessian of f = x^2 y + y^3, computed by the engine.
    private static readonly Expr F = MathExpression.ParseCanonical("x^2*y + y^3", XY)!;

    private static readonly ArrayAnswer Gradient = ArrayAnswer.Vector(
        [.. Differentiator.Gradient(F, XY).Select(e => (EntryReference)ExpressionEntry.Of(e, XY))]);

    private static readonly ArrayAnswer Hessian = ArrayAnswer.Matrix(
        [.. Differentiator.Hessian(F, XY).Select(r => (IReadOnlyList<EntryReference>)[.. r.Select(e => (EntryReference)ExpressionEntry.Of(e, XY))])]);

    [Theory]
    [InlineData("[2xy, x^2 + 3y^2]")]
    [InlineData("(2*x*y, 3*y^2 + x^2)")]
    [InlineData("2 x y, x^2+3 y^2")]
    public void Grade_Gradient_AnyEquivalentFormIsCorrect(string answer)
    {
        var grade = Gradient.Grade(answer);

        Assert.Equal(GradeVerdict.Correct, grade.Verdict);
        Assert.Equal(1, grade.Score);
    }

    [Fact]
    public void Grade_OneWrongComponent_GivesCreditPerEntry()
    {
        var grade = Gradient.Grade("[2xy, x^2 + y^2]");

        Assert.Equal(GradeVerdict.PartiallyCorrect, grade.Verdict);
        Assert.Equal(0.5, grade.Score);
        Assert.Contains("Component 2", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_WrongShape_IsInvalidSoItCostsNoAttempt()
    {
        var grade = Gradient.Grade("[2xy, x^2 + 3y^2, 0]");

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Contains("2 components, got 3", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_ParseErrorInsideAnEntry_PointsAtItsColumnInTheWholeAnswer()
    {
        var grade = Gradient.Grade("[2xy, x^2 + 3y^]");

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Equal(16, grade.ErrorColumn);
    }

    [Fact]
    public void Grade_Hessian_CorrectAndPartiallyCorrect()
    {
        Assert.Equal(GradeVerdict.Correct, Hessian.Grade("[[2y, 2x], [2x, 6y]]").Verdict);

        var partial = Hessian.Grade("[[2y, 2x], [2y, 6y]]");
        Assert.Equal(0.75, partial.Score);
        Assert.Contains("Entry (2, 1)", partial.Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[[2y, 2x], [2x, 6y], [0, 0]]", "got 3 rows")]
    [InlineData("[[2y, 2x], [2x]]", "row 2 has 1 entry.")]
    [InlineData("[2y, 2x, 2x, 6y]", "got 4 rows")]
    public void Grade_HessianOfWrongShape_IsInvalidWithAMessage(string answer, string message)
    {
        var grade = Hessian.Grade(answer);

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Contains(message, grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_NumericMatrix_ComparesWithTolerance()
    {
        var jacobian = ArrayAnswer.Matrix([
            [new NumberEntry(1, NumericTolerance.Default), new NumberEntry(1, NumericTolerance.Default)],
            [new NumberEntry(-1, NumericTolerance.Default), new NumberEntry(-4, NumericTolerance.Default)],
        ]);

        Assert.Equal(GradeVerdict.Correct, jacobian.Grade("[[1, 1], [-1, -8/2]]").Verdict);
        Assert.Equal(0.75, jacobian.Grade("[[1, 1], [1, -4]]").Score);
    }
}
