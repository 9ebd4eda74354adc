using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Running;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Cli.Commands;

// `graderhub bench [FILE] [--seconds S] [--bdn]`: equivalence timings over a JSON-lines corpus and
// the parse time of a 40-character answer. The default is a quick Stopwatch loop (seconds); --bdn
// runs the same two measurements under BenchmarkDotNet (minutes, needs a Release build).
public static class BenchCommand
{
    public const string Answer40 = "2*x*exp(x^2) + 3*sin(x)*cos(x) - 1/(x+1)";

    // Used when no FILE is given: typical derivative answers, right and wrong.
    private static readonly (string[] Vars, string Reference, string Answer)[] BuiltIn =
    [
        (["x"], "2*x*cos(x^2)", "2x cos(x^2)"),
        (["x"], "2*x*cos(x^2)", "cos(x^2)"),
        (["x"], "2*x*exp(x^2)", "2x e^(x^2)"),
        (["x"], "(x*cos(x) - sin(x))/x^2", "cos(x)/x - sin(x)/x^2"),
        (["x"], "(x*cos(x) - sin(x))/x^2", "(sin(x) - x*cos(x))/x^2"),
        (["x"], "1/(2*sqrt(x))", "0.5*x^(-0.5)"),
        (["x"], "(2*x + 3*x^2)*exp(3*x)", "x e^(3x) (3x + 2)"),
        (["x"], "x^x*(log(x) + 1)", "x^x*log(x) + x^x"),
        (["x", "y"], "-2*x*y*exp(-y^2)", "-2xy e^(-y^2)"),
        (["x"], "3*x^2 - 2", "3x^2 - 2"),
    ];

    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Flags.Contains("bdn"))
        {
            // In-process: the executable is `graderhub`, not named after its project, so BenchmarkDotNet's
            // default toolchain cannot find a project to rebuild.
            var job = (args.Get("job") == "dry" ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
            BenchmarkRunner.Run<EngineBenchmarks>(ManualConfig.Create(DefaultConfig.Instance).AddJob(job));
            return 0;
        }
        var lines = args.Positional.Count > 0 ? Load(args.Positional[0], stderr) : BuiltIn.ToList();
        if (lines is null || lines.Count == 0)
        {
            stderr.WriteLine("No lines to benchmark.");
            return 2;
        }
        var seconds = args.Get("seconds") is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 3;

        // Warm up the JIT and the tiered compiler on every line.
        for (var round = 0; round < 30; round++)
        {
            foreach (var (vars, reference, answer) in lines)
            {
                EquivalenceChecker.Check(reference, answer, vars);
            }
        }
        var samples = new List<double>();
        var wall = Stopwatch.StartNew();
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            foreach (var (vars, reference, answer) in lines)
            {
                var t = Stopwatch.GetTimestamp();
                EquivalenceChecker.Check(reference, answer, vars);
                samples.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }
        }
        wall.Stop();
        samples.Sort();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"equivalence: {lines.Count} pairs, {samples.Count} checks: median {Percentile(samples, 0.5):F1} us, p95 {Percentile(samples, 0.95):F1} us, p99 {Percentile(samples, 0.99):F1} us, max {samples[^1]:F1} us, {samples.Count / samples.Sum() * 1e6:F0} checks/s (one thread)"));

        var parseBatches = new List<double>();
        const int perBatch = 2000;
        string[] x = ["x"];
        for (var i = 0; i < 5 * perBatch; i++)
        {
            MathExpression.Parse(Answer40, x);
        }
        var parseWall = Stopwatch.StartNew();
        while (parseWall.Elapsed.TotalSeconds < Math.Max(0.5, seconds / 3))
        {
            var t = Stopwatch.GetTimestamp();
            for (var i = 0; i < perBatch; i++)
            {
                MathExpression.Parse(Answer40, x);
            }
            parseBatches.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds / perBatch);
        }
        parseBatches.Sort();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parse of a {Answer40.Length}-character answer: median {Percentile(parseBatches, 0.5):F2} us, p95 {Percentile(parseBatches, 0.95):F2} us (batches of {perBatch})"));
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * (sorted.Count - 1)))];

    private static List<(string[] Vars, string Reference, string Answer)>? Load(string path, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"{path}: no such file.");
            return null;
        }
        var lines = new List<(string[], string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var vars = root.GetProperty("vars").EnumerateArray().Select(v => v.GetString() ?? "").ToArray();
                lines.Add((vars, root.GetProperty("reference").GetString() ?? "", root.GetProperty("answer").GetString() ?? ""));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                stderr.WriteLine($"skipped a line: {ex.Message}");
            }
        }
        return lines;
    }
}

[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly string[] X = ["x"];

    [Benchmark]
    public object Parse40() => MathExpression.Parse(BenchCommand.Answer40, X);

    [Benchmark]
    public object EquivalenceTypicalCorrect() => EquivalenceChecker.Check("2*x*cos(x^2)", "2x cos(x^2)", X);

    [Benchmark]
    public object EquivalenceTypicalWrong() => EquivalenceChecker.Check("(x*cos(x) - sin(x))/x^2", "(sin(x) - x*cos(x))/x^2", X);
}
