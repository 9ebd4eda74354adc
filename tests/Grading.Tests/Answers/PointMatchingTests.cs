using GraderHub.Grading.Answers;

namespace GraderHub.Grading.Tests.Answers;

public class PointMatchingTests
{
    [Fact]
    public void Match_GreedyWouldLoseAPair_FindsTheMaximumMatching()
    {
        // Given 0 is close to both references, given 1 only to reference 0: the optimum pairs
        // 0-1 and 1-0; greedy first-fit would pair 0-0 and leave 1 unmatched.
        bool[,] close = { { true, true }, { true, false } };

        var match = PointMatching.Match(2, 2, (g, r) => close[g, r]);

        Assert.Equal([1, 0], match);
    }

    [Fact]
    public void Match_ExtraAndMissingPoints_AreUnmatched()
    {
        double[] given = [1, 5, 9];
        double[] reference = [9.001, 1.002, 3];

        var match = PointMatching.Match(3, 3, (g, r) => Math.Abs(given[g] - reference[r]) < 0.01);

        Assert.Equal([1, -1, 0], match);
    }
}
