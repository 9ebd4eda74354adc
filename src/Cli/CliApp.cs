using GraderHub.Cli.Commands;

namespace GraderHub.Cli;

// `graderhub` entry point, testable in-process: all I/O goes through the given readers and writers.
public static class CliApp
{
    public const string Usage = """
        usage: graderhub <command> [options]
          equiv                         JSON lines on stdin: {"id","vars","reference","answer","domain"?} -> verdicts on stdout
          diff EXPR --wrt X [--vars a,b]  derivative of EXPR with respect to X
          taylor EXPR --at x=0,y=0 [--order N] [--vars a,b]  Taylor polynomial about the point
          validate PATH [--seeds N]     check problem-set YAML files (a file or a folder) and run their self-tests
          bench [FILE] [--seconds S]    engine timings on a JSON-lines corpus (median, p95, p99, checks/s), Stopwatch loop
          bench --bdn [--job dry]       the same measurements under BenchmarkDotNet, in process (Release build)
          reference SPEC.yaml --seed N  a variant's prompt and reference answers
          grade SPEC.yaml --seed N --answer "..."  the grade of one answer, as JSON
          bench-references PATH [--runs N]  time to compute each problem kind's reference
          load [--url URL] --rate N --seconds S --students K [--kills N] [--problem KEY]
                                        submissions at N/s to a loopback site (without --url: starts the built
                                        site on a temporary database); --kills N: kill -9 and restart it N times,
                                        then check every 202 was graded exactly once; --students defaults to
                                        N without --url (one answer a second each, the site's default limit)
                                        and to 5 with it (the demo's student1..student5); each POST waits
                                        for its grade (POST ?wait=5); --poll: POST, then GET ?wait (two requests)
                                        --warmup S: the same load for S s first, outside the figures
          load --postgres "Host=127.0.0.1;Port=P;Username=U;Password=W" [--web-nodes 2] [--workers 1] ...
                                        the same on a new database on that (loopback) PostgreSQL server, with
                                        web nodes and grading workers of their own; submissions round-robin over
                                        the web nodes; kills take web 1, worker 1, web 2, ... in turn
          load --flood [--flood-count 200 --flood-seconds 3 --flood-answer TEXT|pathological]  one student's flood of slow answers; another's wait
          bench-reports [--students 2000 --problems 60 --attempts 5 --runs 3 --keep | --data FOLDER]
                                        report pages of a generated course, timed (--keep: leave the
                                        database for --data, which times it again without generating)
        """;

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var options = Arguments.Parse(args.Skip(1).ToArray());
        // `graderhub load --help` started a load: a command's --help prints the usage and does
        // nothing else. Not -h: after a command it can be an expression (diff -h --wrt h).
        if (options.Flags.Contains("help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        return args[0] switch
        {
            "equiv" => EquivCommand.Run(stdin, stdout),
            "diff" => CalculusCommands.Diff(options, stdout, stderr),
            "taylor" => CalculusCommands.Taylor(options, stdout, stderr),
            "validate" => ValidateCommand.Run(options, stdout, stderr),
            "bench" => BenchCommand.Run(options, stdout, stderr),
            "load" => Commands.Load.LoadCommand.Run(options, stdout, stderr),
            "bench-reports" => Commands.Load.ReportsBench.Run(options, stdout, stderr),
            "reference" or "grade" or "bench-references" => ProblemCommands.Run(args[0], options, stdout, stderr),
            _ => UnknownCommand(args[0], stderr),
        };
    }

    private static int UnknownCommand(string name, TextWriter stderr)
    {
        stderr.WriteLine($"Unknown command '{name}'.");
        stderr.WriteLine(Usage);
        return 2;
    }
}

// Positional arguments and --name value options.
public sealed class Arguments
{
    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var result = new Arguments();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    result.Options[name[..eq]] = name[(eq + 1)..];
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    result.Options[name] = args[++i];
                }
                else
                {
                    result.Flags.Add(name);
                }
            }
            else
            {
                result.Positional.Add(args[i]);
            }
        }
        return result;
    }

    public string? Get(string name) => Options.TryGetValue(name, out var v) ? v : null;

    public IReadOnlyList<string> List(string name) =>
        Get(name) is { } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
}
