using System.Globalization;
using GraderHub.Grading.Problems;

namespace GraderHub.Cli.Commands;

// `graderhub validate PATH [--seeds N]`: reads problem-set files, reports errors with their line,
// runs every problem's self-tests for seeds 0..N-1, exits non-zero on any failure.
public static class ValidateCommand
{
    public static int Run(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positional.Count != 1)
        {
            stderr.WriteLine("usage: graderhub validate PATH [--seeds N]");
            return 2;
        }
        var seeds = 10;
        if (args.Get("seeds") is { } s && (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seeds) || seeds < 1))
        {
            stderr.WriteLine("--seeds must be a positive whole number.");
            return 2;
        }
        var path = args.Positional[0];
        string[] files;
        if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path, "*.yaml").Concat(Directory.GetFiles(path, "*.yml")).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            stderr.WriteLine($"{path}: no such file or folder.");
            return 2;
        }
        var failures = 0;
        var problems = 0;
        foreach (var file in files)
        {
            var read = ProblemSetReader.Read(File.ReadAllText(file), file);
            foreach (var error in read.Errors)
            {
                stdout.WriteLine(error.ToString());
                failures++;
            }
            if (read.ProblemSet is null)
            {
                continue;
            }
            foreach (var problem in read.ProblemSet.Problems)
            {
                problems++;
                foreach (var issue in ProblemValidator.Validate(problem, Enumerable.Range(0, seeds).ToArray()))
                {
                    stdout.WriteLine($"{file}: {issue}");
                    failures++;
                }
            }
        }
        stdout.WriteLine(failures == 0
            ? $"ok: {files.Length} file(s), {problems} problem(s), self-tests passed for {seeds} seed(s)"
            : $"{failures} problem(s) found in {files.Length} file(s)");
        return failures == 0 ? 0 : 1;
    }
}
