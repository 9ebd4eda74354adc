using System.Text.Json.Nodes;

namespace GraderHub.Grading.Tests.Solvers;

// One task of numeric-sample.jsonl (a copy of ../shared/corpus/numeric-sample.jsonl) and the
// matching rule its README states: |v - r| <= max(abs, rel*|r|) element by element, per-field
// overrides, fields listed as unordered compared as sets, null = does not exist.
public sealed class NumericSample
{
    private const string FileName = "numeric-sample.jsonl";

    private NumericSample(JsonObject task) => Task = task;

    public JsonObject Task { get; }

    public string Id => (string)Task["id"]!;

    public JsonNode Inputs => Task["inputs"]!;

    public JsonNode Answer => Task["answer"]!;

    public static IReadOnlyList<NumericSample> All { get; } = Load();

    public static NumericSample Get(string id) => All.Single(t => t.Id == id);

    public static double[] Doubles(JsonNode? node) => node!.AsArray().Select(n => (double)n!).ToArray();

    public static double[][] Rows(JsonNode? node) => node!.AsArray().Select(Doubles).ToArray();

    public (double Abs, double Rel) Tolerance(string field)
    {
        var tolerance = Task["tolerance"]!;
        var own = tolerance["fields"]?[field];
        return ((double)(own?["abs"] ?? tolerance["abs"])!, (double)(own?["rel"] ?? tolerance["rel"])!);
    }

    public static bool Close(double actual, double expected, (double Abs, double Rel) tolerance) =>
        Math.Abs(actual - expected) <= Math.Max(tolerance.Abs, tolerance.Rel * Math.Abs(expected));

    // field may be a path like "params.A"; the tolerance is looked up by its first part.
    public void AssertNumber(string field, double? actual)
    {
        var expected = Lookup(field);
        if (expected is null)
        {
            Assert.True(actual is null, $"{Id}.{field}: expected 'does not exist', got {actual}");
            return;
        }

        Assert.True(actual is not null, $"{Id}.{field}: expected {expected}, got 'does not exist'");
        var tolerance = Tolerance(field.Split('.')[0]);
        Assert.True(Close(actual.Value, (double)expected, tolerance), $"{Id}.{field}: expected {(double)expected:R}, got {actual.Value:R}");
    }

    public void AssertVector(string field, IReadOnlyList<double> actual) =>
        AssertMatrix(field, [actual], [Doubles(Lookup(field))]);

    public void AssertMatrix(string field, IReadOnlyList<IReadOnlyList<double>> actual) =>
        AssertMatrix(field, actual, Rows(Lookup(field)));

    // An unordered set of points: a one-to-one matching in which every pair is close.
    public void AssertPointSet(string field, IReadOnlyList<IReadOnlyList<double>> actual)
    {
        var expected = Rows(Lookup(field));
        var tolerance = Tolerance(field);
        Assert.True(expected.Length == actual.Count, $"{Id}.{field}: expected {expected.Length} points, got {actual.Count}");
        Assert.True(Matching(expected, actual, tolerance, new bool[actual.Count], 0), $"{Id}.{field}: the points do not match {Show(expected)}; got {Show(actual)}");
    }

    // (point, value) pairs of two parallel fields as one set.
    public void AssertPointValueSet(string pointsField, string valuesField, IReadOnlyList<IReadOnlyList<double>> points, IReadOnlyList<double> values)
    {
        var expected = Rows(Lookup(pointsField)).Zip(Doubles(Lookup(valuesField)), (p, v) => p.Append(v).ToArray()).ToArray();
        var actual = points.Zip(values, (p, v) => (IReadOnlyList<double>)p.Append(v).ToArray()).ToArray();
        var tolerance = Tolerance(pointsField);
        Assert.True(expected.Length == actual.Length, $"{Id}: expected {expected.Length} critical points, got {actual.Length}: {Show(actual)}");
        Assert.True(Matching(expected, actual, tolerance, new bool[actual.Length], 0), $"{Id}: (point, value) pairs do not match {Show(expected)}; got {Show(actual)}");
    }

    private void AssertMatrix(string field, IReadOnlyList<IReadOnlyList<double>> actual, double[][] expected)
    {
        var tolerance = Tolerance(field);
        Assert.True(expected.Length == actual.Count, $"{Id}.{field}: expected {expected.Length} rows, got {actual.Count}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Length == actual[i].Count, $"{Id}.{field}[{i}]: expected {expected[i].Length} entries, got {actual[i].Count}");
            for (var j = 0; j < expected[i].Length; j++)
            {
                Assert.True(Close(actual[i][j], expected[i][j], tolerance), $"{Id}.{field}[{i}][{j}]: expected {expected[i][j]:R}, got {actual[i][j]:R}");
            }
        }
    }

    private JsonNode? Lookup(string field)
    {
        JsonNode? node = Answer;
        foreach (var part in field.Split('.'))
        {
            var obj = node!.AsObject();
            Assert.True(obj.ContainsKey(part), $"{Id}: the answer has no field {field}");
            node = obj[part];
        }

        return node;
    }

    private static bool Matching(double[][] expected, IReadOnlyList<IReadOnlyList<double>> actual, (double, double) tolerance, bool[] used, int index)
    {
        if (index == expected.Length)
        {
            return true;
        }

        for (var k = 0; k < actual.Count; k++)
        {
            if (!used[k] && actual[k].Count == expected[index].Length
                && expected[index].Select((e, c) => Close(actual[k][c], e, tolerance)).All(b => b))
            {
                used[k] = true;
                if (Matching(expected, actual, tolerance, used, index + 1))
                {
                    return true;
                }

                used[k] = false;
            }
        }

        return false;
    }

    private static string Show(IEnumerable<IEnumerable<double>> points) =>
        string.Join(" ", points.Select(p => "(" + string.Join(", ", p.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ")"));

    private static List<NumericSample> Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "tests", "Grading.Tests", "Solvers", FileName)))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "tests", "Grading.Tests", "Solvers", FileName);
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l => new NumericSample(JsonNode.Parse(l)!.AsObject())).ToList();
    }
}
