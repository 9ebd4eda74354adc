using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

public sealed class PoolReaderTests
{
    private static string Problem(string key, int points = 2, string indent = "      ") => string.Join("\n",
        $"{indent}- key: {key}",
        $"{indent}  title: Power rule {key}",
        $"{indent}  kind: derivative",
        $"{indent}  points: {points}",
        $"{indent}  variables: [x]",
        $"{indent}  function: \"x^3\"",
        $"{indent}  wrt: x",
        $"{indent}  statement: Differentiate.") + "\n";

    private static string Set(string pool) =>
        "key: pools\ntitle: Pools\nweek: 1\nproblems:\n" + Problem("first", indent: "  ") + pool;

    private static string Pool(string members, string key = "slot") =>
        $"  - pool: {key}\n    title: One of two\n    problems:\n" + members;

    [Fact]
    public void Read_PoolOfTwo_ListsEveryMemberAsAProblemAndThePoolOnce()
    {
        var read = ProblemSetReader.Read(Set(Pool(Problem("a") + Problem("b"))), "pools.yaml");

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        var set = read.ProblemSet!;
        Assert.Equal(["first", "a", "b"], set.Problems.Select(p => p.Key));
        var pool = Assert.Single(set.Pools);
        Assert.Equal(("slot", "One of two"), (pool.Key, pool.Title));
        Assert.Equal(["a", "b"], pool.ProblemKeys);
        Assert.Same(pool, set.PoolOf("b"));
        Assert.Null(set.PoolOf("first"));
        // Each member's own YAML reads back alone, as the site stores and grades it.
        Assert.All(set.Problems, p => Assert.Empty(ProblemReader.Read(p.SpecYaml, p.Key).Errors));
    }

    [Theory]
    [InlineData("empty", "is empty")]
    [InlineData("one", "has one problem")]
    [InlineData("points", "mixes points")]
    [InlineData("duplicate", "Duplicate problem key 'first'")]
    [InlineData("slot-key", "Duplicate key 'first'")]
    [InlineData("nested", "pools do not nest")]
    [InlineData("unknown", "Unknown key 'points' in pool")]
    public void Read_MalformedPool_RefusesTheSetWithTheReason(string malformation, string message)
    {
        var yaml = malformation switch
        {
            "empty" => Set(Pool("")),
            "one" => Set(Pool(Problem("a"))),
            "points" => Set(Pool(Problem("a") + Problem("b", points: 3))),
            "duplicate" => Set(Pool(Problem("a") + Problem("first"))),
            "slot-key" => Set(Pool(Problem("a") + Problem("b"), key: "first")),
            "nested" => Set(Pool(Problem("a") + "      - pool: inner\n        title: Inner\n        problems:\n" + Problem("b", indent: "          ") + Problem("c", indent: "          "))),
            "unknown" => Set(Pool(Problem("a") + Problem("b")) + "    points: 2\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(malformation)),
        };

        var read = ProblemSetReader.Read(yaml, "pools.yaml");

        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }
}
