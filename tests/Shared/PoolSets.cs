namespace GraderHub.Tests.Shared;

// A problem set with a question pool, for the site's tests: a warm-up (2 points, d/dx x^2) and
// the pool q2 ("One power", 3 points) of two members, cube (d/dx x^3) and fourth (d/dx x^4).
public static class PoolSets
{
    public const string Pool = "q2";
    public static readonly string[] Members = ["cube", "fourth"];

    private static string Member(string key, string function) => string.Join("\n",
        $"      - key: {key}",
        $"        title: Pool member {key}",
        "        kind: derivative",
        "        points: 3",
        "        variables: [x]",
        $"        function: \"{function}\"",
        "        wrt: x",
        "        statement: Differentiate $f(x) = {{f}}$.",
        "        hint: Use the power rule.",
        "        solution: Multiply by the exponent.") + "\n";

    public static string Yaml(string key, int week) =>
        $"key: {key}\ntitle: Pool set {key}\nweek: {week}\nproblems:\n" +
        "  - key: warmup\n    title: Warm-up\n    kind: derivative\n    points: 2\n    variables: [x]\n" +
        "    function: \"x^2\"\n    wrt: x\n    statement: Differentiate.\n" +
        $"  - pool: {Pool}\n    title: One power\n    problems:\n" + Member("cube", "x^3") + Member("fourth", "x^4");
}
