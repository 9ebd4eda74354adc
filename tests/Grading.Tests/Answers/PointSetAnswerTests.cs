using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Answers;

public class PointSetAnswerTests
{
    // Critical points of x y on x^2 + y^2 = 2 (lg01).
    private static readonly PointSetAnswer Corners = new([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], 2, NumericTolerance.Default);

    [Theory]
    [InlineData("{(1, 1), (-1, -1), (1, -1), (-1, 1)}")]
    [InlineData("{(-1, 1), (1, -1), (-1, -1), (1, 1)}")]
    [InlineData("(1, 1), (-1, -1), (1, -1), (-1, 1)")]
    [InlineData("{(sqrt(2)/sqrt(2), 1), (-1, -1), [1, -1], (-1, 1)}")]
    public void Grade_AllPointsInAnyOrder_IsCorrect(string answer)
    {
        Assert.Equal(GradeVerdict.Correct, Corners.Grade(answer).Verdict);
    }

    [Fact]
    public void Grade_MissingPoints_GetsCreditPerPointAndSaysHowManyAreMissing()
    {
        var grade = Corners.Grade("{(1, 1), (-1, -1)}");

        Assert.Equal(GradeVerdict.PartiallyCorrect, grade.Verdict);
        Assert.Equal(0.5, grade.Score);
        Assert.Contains("2 points are missing", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_ExtraPoint_CostsCreditAndIsNamed()
    {
        var grade = Corners.Grade("{(1, 1), (-1, -1), (1, -1), (-1, 1), (0, 0)}");

        Assert.Equal(0.8, grade.Score, 12);
        Assert.Contains("Not in the set: (0, 0)", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_SamePointTwice_CountsOnce()
    {
        var grade = Corners.Grade("{(1, 1), (1, 1)}");

        Assert.Equal(0.25, grade.Score);
    }

    [Theory]
    [InlineData("{(1, 1), (1, 2, 3)}", 10)]
    [InlineData("{(1, 1), (1, )}", 14)]
    public void Grade_MalformedPoint_IsInvalid(string answer, int column)
    {
        var grade = Corners.Grade(answer);

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Equal(column, grade.ErrorColumn);
    }

    [Fact]
    public void Grade_EmptySetForNoPoints_IsCorrect()
    {
        Assert.Equal(GradeVerdict.Correct, new PointSetAnswer([], 2, NumericTolerance.Default).Grade("{}").Verdict);
    }

    [Fact]
    public void Grade_PointReachingACriticalPoint_IsAcceptedWithinTheCoordinateToleranceOnly()
    {
        // x + y on the unit circle; the list tolerance is tight, the Accept route (Newton from the
        // student's point to a critical point, then the coordinate tolerance) is the judge.
        var problem = new LagrangeProblem(
            2,
            new(v => v[0] + v[1], _ => [1, 1]),
            [new(v => (v[0] * v[0]) + (v[1] * v[1]) - 1, v => [2 * v[0], 2 * v[1]])]);
        var solution = LagrangeMultipliers.Solve(problem).Expect();
        var reference = solution.CriticalPoints.Select(p => (IReadOnlyList<double>)p.Point).ToList();
        var tight = new NumericTolerance(1e-9, 1e-9);
        var tolerance = new NumericTolerance(1e-4, 0);
        bool Accept(IReadOnlyList<double> p) => LagrangeMultipliers.CriticalPointNear(problem, p) is { } c && Points.Close(p, c.Point, tolerance);

        var inside = new PointSetAnswer(reference, 2, tight, Accept).Grade("{(0.70711, 0.70711), (-0.70711, -0.70711)}");
        var outside = new PointSetAnswer(reference, 2, tight, Accept).Grade("{(0.70711, 0.70711), (-0.7073, -0.7073)}");
        var withoutRoute = new PointSetAnswer(reference, 2, tight).Grade("{(0.70711, 0.70711), (-0.70711, -0.70711)}");

        Assert.Equal(GradeVerdict.Correct, inside.Verdict);
        Assert.Equal(0.5, outside.Score);
        Assert.Equal(GradeVerdict.Incorrect, withoutRoute.Verdict);
    }
}
