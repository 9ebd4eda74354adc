using GraderHub.Grading.Answers;
using System.Collections.Concurrent;
using System.Text;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Tests.Equivalence;

namespace GraderHub.Grading.Tests.Fuzz;

// Deterministic random and mutation fuzzing: the same cases every run (seeded SplitMix64 per chunk),
// so a failure reproduces. Asserts that no exception escapes a public entry point and that every
// error carries a column inside the input.
public class FuzzTests
{
    private const string Alphabet = "xyz0123456789.eE+-*/^()|, _=!sincotaqrlgbhpmdwXYZ\t";
    private static readonly string[] Tokens =
    [
        "sin", "cos", "tan", "sec", "csc", "cot", "asin", "arccos", "atan", "sinh", "cosh", "tanh", "exp", "log", "ln", "sqrt",
        "abs", "pi", "e", "**", "^-", "((", "))", "||", "|", "1e308", "1e-308", "0.", ".5", "9^9", "^2", "x_1", "theta", "·",
        "\\frac", "π", "²", "−", "9999999999999999999999", "^1000", "^-1000", "/0", "0^0", "(-1)^(1/2)",
    ];

    private static readonly string[] Variables = ["x", "y", "x_1", "theta"];

    private static string[] Seeds()
    {
        var seeds = Corpus.Load("equivalence-sample.jsonl").SelectMany(l => new[] { l.Reference, l.Answer }).ToList();
        seeds.AddRange(["sin^2 x + cos^2 x", "1/2x", "|x|^3/x", "2x(x+1)(x-1)", "e^-x^2", "x1 + theta x_1", "sin x cos x", "-(-(-x))"]);
        return seeds.ToArray();
    }

    internal static string Mutate(ref SplitMix64 rng, string[] seeds)
    {
        var pick = rng.NextDouble();
        if (pick < 0.08)
        {
            // Pure random text.
            var length = (int)rng.NextInt(0, 60);
            var sb = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                sb.Append(rng.NextDouble() < 0.02 ? (char)rng.NextInt(0x80, 0x2FFF) : Alphabet[(int)rng.NextInt(0, Alphabet.Length - 1)]);
            }
            return sb.ToString();
        }
        if (pick < 0.10)
        {
            // Guards: deep nesting, long unary chains, exponent towers, very long input.
            var k = (int)rng.NextInt(1, 1200);
            return rng.NextInt(0, 4) switch
            {
                0 => new string('(', k) + "x" + new string(')', (int)rng.NextInt(0, k)),
                1 => new string('-', k) + "x",
                2 => string.Join("^", Enumerable.Repeat("9", Math.Min(k, 60))),
                3 => string.Concat(Enumerable.Repeat("x+", k)) + "x",
                _ => new string('|', k % 50) + "x" + new string('|', k % 50),
            };
        }
        var text = new StringBuilder(seeds[(int)rng.NextInt(0, seeds.Length - 1)]);
        var edits = (int)rng.NextInt(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = (int)rng.NextInt(0, text.Length);
            switch (rng.NextInt(0, 5))
            {
                case 0:
                    text.Insert(at, Alphabet[(int)rng.NextInt(0, Alphabet.Length - 1)]);
                    break;
                case 1 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), 1);
                    break;
                case 2 when text.Length > 0:
                    text[Math.Min(at, text.Length - 1)] = Alphabet[(int)rng.NextInt(0, Alphabet.Length - 1)];
                    break;
                case 3:
                    text.Insert(at, Tokens[(int)rng.NextInt(0, Tokens.Length - 1)]);
                    break;
                case 4 when text.Length > 1:
                {
                    var start = (int)rng.NextInt(0, text.Length - 1);
                    var length = (int)rng.NextInt(1, Math.Min(20, text.Length - start));
                    text.Insert(at, text.ToString(start, length));
                    break;
                }
                default:
                    text.Insert(at, "(" + seeds[(int)rng.NextInt(0, seeds.Length - 1)] + ")");
                    break;
            }
        }
        return text.ToString();
    }

    [Fact]
    public void Parser_MillionRandomAndMutatedInputs_NeverThrows()
    {
        const int cases = 1_000_000;
        const int chunks = 200;
        var seeds = Seeds();
        var failures = new ConcurrentBag<string>();
        var parsed = 0;
        Parallel.For(0, chunks, chunk =>
        {
            var rng = new SplitMix64(0xF022_0000UL + (ulong)chunk);
            var ok = 0;
            for (var i = 0; i < cases / chunks; i++)
            {
                var text = Mutate(ref rng, seeds);
                try
                {
                    var outcome = MathExpression.Parse(text, Variables);
                    if (outcome.Expression is { } e)
                    {
                        ok++;
                        // Every eighth success goes through lowering, printing and evaluation too.
                        if (i % 8 == 0)
                        {
                            var canonical = e.Canonical;
                            _ = ExprPrinter.ToText(canonical);
                            _ = ExprPrinter.ToLatex(canonical);
                            _ = SyntaxPrinter.ToLatex(e.Syntax);
                            _ = CompiledExpr.Compile(e.Raw, Variables).Evaluate([0.3, -1.2, 2.5, 0.7]);
                        }
                    }
                    else if (outcome.Error is not { } error || error.Message.Contains("Internal error", StringComparison.Ordinal) || error.Column < 1 || error.Column > Math.Max(text.Length, 2000) + 1
                             || string.IsNullOrWhiteSpace(error.Message))
                    {
                        failures.Add($"bad error for '{text}': {outcome.Error}");
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"'{text}': {ex.GetType().Name}: {ex.Message}");
                }
            }
            Interlocked.Add(ref parsed, ok);
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        // The mutations must leave a good share readable, or the lowering paths go untested.
        Assert.InRange(parsed, cases / 10, cases);
    }

    [Fact]
    public void Equivalence_RandomAndMutatedAnswers_NeverThrow()
    {
        var seeds = Seeds();
        var lines = Corpus.Load("equivalence-sample.jsonl");
        var failures = new ConcurrentBag<string>();
        Parallel.For(0, 40, chunk =>
        {
            var rng = new SplitMix64(0xE9_0000UL + (ulong)chunk);
            for (var i = 0; i < 1000; i++)
            {
                var line = lines[(int)rng.NextInt(0, lines.Count - 1)];
                var answer = Mutate(ref rng, seeds);
                var reference = rng.NextDouble() < 0.2 ? Mutate(ref rng, seeds) : line.Reference;
                try
                {
                    var result = EquivalenceChecker.Check(reference, answer, line.Vars);
                    if (string.IsNullOrEmpty(result.Reason) || result.Reason.Contains("Internal error", StringComparison.Ordinal))
                    {
                        failures.Add($"no reason: {reference} vs {answer}");
                    }
                    if (result.Verdict == EquivalenceVerdict.NotEquivalent && result.Witness is null)
                    {
                        failures.Add($"no witness: {reference} vs {answer}");
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"{reference} vs {answer}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void Grade_RandomAnswersOnWeek1_NeverThrows()
    {
        var set = ProblemSetReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "week-1.yaml")), "week-1").ProblemSet!;
        var seeds = Seeds();
        var rng = new SplitMix64(77);
        for (var i = 0; i < 3000; i++)
        {
            var problem = set.Problems[(int)rng.NextInt(0, set.Problems.Count - 1)];
            var answer = Mutate(ref rng, seeds);
            var result = problem.Variant((int)rng.NextInt(0, 1000)).Grade(answer);
            Assert.InRange(result.Score, 0, 1);
            Assert.DoesNotContain("Internal error", result.Feedback, StringComparison.Ordinal);
            var preview = problem.Variant(1).Preview(answer);
            // The site's rule: a malformed answer is Invalid with a column, and the preview agrees.
            Assert.Equal(preview.Ok, result.Verdict != GradeVerdict.Invalid);
            if (!preview.Ok)
            {
                Assert.NotNull(preview.Column);
                Assert.NotNull(result.ErrorColumn);
            }
        }
    }
}
