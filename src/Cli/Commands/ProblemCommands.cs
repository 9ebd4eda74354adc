using GraderHub.Grading.Answers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GraderHub.Grading.Problems;

namespace GraderHub.Cli.Commands;

// `graderhub reference SPEC.yaml --seed N [--problem KEY]`: the variant's prompt and reference answer.
// `graderhub grade SPEC.yaml --seed N --answer "..." [--problem KEY]`: the grade as JSON.
// `graderhub bench-references SPEC.yaml... [--runs R]`: median time to compute each problem's reference.
// SPEC.yaml is a problem-set file or a single problem's YAML.
public static class ProblemCommands
{
    public const string Usage = """
          reference SPEC.yaml --seed N [--problem KEY]           the variant's prompt and reference answer
          grade SPEC.yaml --seed N --answer "..." [--problem KEY]  the grade as JSON
          bench-references PATH [--runs R]                       median time to compute each problem's reference
        """;

    public static int Run(string command, Arguments args, TextWriter stdout, TextWriter stderr) => command switch
    {
        "reference" => Reference(args, stdout, stderr),
        "grade" => Grade(args, stdout, stderr),
        _ => BenchReferences(args, stdout, stderr),
    };

    private static int Reference(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (Load(args, stderr) is not { } loaded)
        {
            return 2;
        }
        var (problems, seed) = loaded;
        var failed = false;
        foreach (var problem in problems)
        {
            var variant = problem.Variant(seed);
            var rendered = variant.Render();
            var reference = variant.ReferenceText;
            stdout.WriteLine($"## {problem.Key} ({problem.Kind}, seed {seed.ToString(CultureInfo.InvariantCulture)})");
            stdout.WriteLine(rendered.StatementMarkdown.TrimEnd());
            stdout.WriteLine($"answer kind: {rendered.AnswerKind.Name()}");
            stdout.WriteLine(reference is null ? $"reference: none ({variant.Failure})" : $"reference: {reference}");
            stdout.WriteLine();
            failed |= reference is null;
        }
        return failed ? 1 : 0;
    }

    private static int Grade(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Get("answer") is not { } answer)
        {
            stderr.WriteLine("grade needs --answer \"...\".");
            stderr.WriteLine(Usage);
            return 2;
        }
        if (Load(args, stderr) is not { } loaded)
        {
            return 2;
        }
        var (problems, seed) = loaded;
        if (problems.Count != 1)
        {
            stderr.WriteLine("The file has several problems: choose one with --problem KEY.");
            return 2;
        }
        var grade = problems[0].Variant(seed).Grade(answer);
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["problem"] = problems[0].Key,
            ["seed"] = seed,
            ["verdict"] = Snake(grade.Verdict),
            ["score"] = grade.Score,
            ["feedback"] = grade.Feedback,
            ["column"] = grade.ErrorColumn,
            ["diagnosis"] = grade.Diagnosis,
        });
        stdout.WriteLine(json);
        return 0;
    }

    // A timing table for the closing note: a Stopwatch loop, not a test, so it never fails a build.
    private static int BenchReferences(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        var runs = 20;
        if (args.Get("runs") is { } r && (!int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out runs) || runs < 1))
        {
            stderr.WriteLine("--runs must be a positive whole number.");
            return 2;
        }
        var rows = new List<(string Kind, string Key, double Median, double Max)>();
        foreach (var path in args.Positional)
        {
            var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.yaml").Order(StringComparer.Ordinal).ToArray() : [path];
            foreach (var file in files)
            {
                var set = ProblemSetReader.Read(File.ReadAllText(file), file);
                foreach (var problem in set.ProblemSet?.Problems ?? [])
                {
                    var times = new List<double>();
                    for (var i = 0; i < runs; i++)
                    {
                        // Compiled afresh each run (as the site's catalog does once per problem version), so
                        // the time is reading the spec plus building the variant's reference.
                        var watch = Stopwatch.StartNew();
                        _ = ProblemReader.Read(problem.SpecYaml, problem.Key).Problem?.Variant(i).ReferenceText;
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                    times.Sort();
                    rows.Add((problem.Kind, problem.Key, times[times.Count / 2], times[^1]));
                }
            }
        }
        stdout.WriteLine($"| kind | problems | median ms (per problem, {runs.ToString(CultureInfo.InvariantCulture)} seeds) | worst ms |");
        stdout.WriteLine("|---|---|---|---|");
        foreach (var group in rows.GroupBy(x => x.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var medians = group.Select(x => x.Median).Order().ToList();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count()} | {medians[medians.Count / 2]:F3} | {group.Max(x => x.Max):F3} |"));
        }
        return rows.Count == 0 ? 1 : 0;
    }

    private static string Snake(GradeVerdict verdict) => verdict switch
    {
        GradeVerdict.Correct => "correct",
        GradeVerdict.PartiallyCorrect => "partially_correct",
        GradeVerdict.Incorrect => "incorrect",
        GradeVerdict.Undetermined => "undetermined",
        GradeVerdict.Invalid => "invalid",
    };

    private static (IReadOnlyList<ProblemDefinition> Problems, int Seed)? Load(Arguments args, TextWriter stderr)
    {
        if (args.Positional.Count != 1 || !File.Exists(args.Positional[0]))
        {
            stderr.WriteLine("usage (the file must exist):");
            stderr.WriteLine(Usage);
            return null;
        }
        var seed = 0;
        if (args.Get("seed") is { } s && !int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
        {
            stderr.WriteLine("--seed must be a whole number.");
            return null;
        }
        var file = args.Positional[0];
        var text = File.ReadAllText(file);
        // A problem-set file has 'problems'; anything else is read as one problem.
        var set = ProblemSetReader.Read(text, file);
        IReadOnlyList<ProblemDefinition> problems;
        if (set.ProblemSet is { } ps)
        {
            problems = ps.Problems;
        }
        else
        {
            var single = ProblemReader.Read(text, file);
            if (single.Problem is null)
            {
                foreach (var error in (text.Contains("problems:", StringComparison.Ordinal) ? set.Errors : single.Errors))
                {
                    stderr.WriteLine(error.ToString());
                }
                return null;
            }
            problems = [single.Problem];
        }
        if (args.Get("problem") is { } key)
        {
            problems = [.. problems.Where(p => p.Key == key)];
            if (problems.Count == 0)
            {
                stderr.WriteLine($"No problem '{key}' in {file}.");
                return null;
            }
        }
        return (problems, seed);
    }
}
