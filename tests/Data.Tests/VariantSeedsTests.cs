namespace GraderHub.Data.Tests;

public sealed class VariantSeedsTests
{
    [Fact]
    public void For_SameStudentAndProblem_IsStable()
    {
        // A fixed value: the seed must not change between releases, or students' variants would.
        Assert.Equal(1609370345, VariantSeeds.For("u1", "week-1", "power-rule"));
    }

    [Fact]
    public void For_DifferentStudentsOrProblems_UsuallyDiffer()
    {
        var seeds = Enumerable.Range(0, 200).Select(i => VariantSeeds.For($"user-{i}", "week-1", "power-rule")).ToHashSet();
        Assert.True(seeds.Count > 195);
        Assert.NotEqual(VariantSeeds.For("u1", "week-1", "power-rule"), VariantSeeds.For("u1", "week-1", "chain-rule"));
    }

    [Theory]
    [InlineData("PartiallyCorrect", "partially_correct")]
    [InlineData("Correct", "correct")]
    [InlineData("TA", "ta")]
    [InlineData("Student", "student")]
    public void SnakeCase_Convert(string pascal, string snake) => Assert.Equal(snake, SnakeCase.Convert(pascal));
}
