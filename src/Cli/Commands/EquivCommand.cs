using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GraderHub.Grading.Equivalence;

namespace GraderHub.Cli.Commands;

// `graderhub equiv`: one JSON object per line in, one verdict per line out, in input order.
// Lines are checked in parallel batches (verdicts do not depend on scheduling: every check is
// seeded and independent), and written in order.
public static class EquivCommand
{
    private const int BatchSize = 512;

    public static int Run(TextReader stdin, TextWriter stdout)
    {
        var batch = new List<string>(BatchSize);
        var results = new string[BatchSize];
        string? line;
        while ((line = stdin.ReadLine()) is not null)
        {
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            batch.Add(line);
            if (batch.Count == BatchSize)
            {
                Flush(batch, results, stdout);
            }
        }
        Flush(batch, results, stdout);
        stdout.Flush();
        return 0;
    }

    private static void Flush(List<string> batch, string[] results, TextWriter stdout)
    {
        if (batch.Count == 0)
        {
            return;
        }
        Parallel.For(0, batch.Count, i => results[i] = Process(batch[i]));
        for (var i = 0; i < batch.Count; i++)
        {
            stdout.Write(results[i]);
            stdout.Write('\n');
        }
        batch.Clear();
    }

    public static string Process(string line)
    {
        var start = Stopwatch.GetTimestamp();
        string? id = null;
        EquivalenceResult result;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("A line must be a JSON object.");
            }
            id = root.TryGetProperty("id", out var idElement) ? idElement.ToString() : null;
            var vars = new List<string>();
            if (root.TryGetProperty("vars", out var varsElement) && varsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var v in varsElement.EnumerateArray())
                {
                    if (v.ValueKind == JsonValueKind.String)
                    {
                        vars.Add(v.GetString()!);
                    }
                }
            }
            var reference = root.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var answer = root.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var options = EquivalenceOptions.Default;
            if (root.TryGetProperty("domain", out var domainElement) && domainElement.ValueKind == JsonValueKind.Object)
            {
                var domain = new Dictionary<string, Interval>(StringComparer.Ordinal);
                foreach (var p in domainElement.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 2
                        && p.Value[0].TryGetDouble(out var lo) && p.Value[1].TryGetDouble(out var hi) && lo < hi)
                    {
                        domain[p.Name] = new Interval(lo, hi);
                    }
                }
                options = options with { Domain = domain };
            }
            if (root.TryGetProperty("accept_decimals", out var ad) && ad.ValueKind == JsonValueKind.True)
            {
                options = options with { AcceptDecimals = true };
            }
            result = reference is null || answer is null
                ? new EquivalenceResult(EquivalenceVerdict.Invalid, "A line needs string fields 'reference' and 'answer'.")
                : EquivalenceChecker.Check(reference, answer, vars, options);
        }
        catch (JsonException ex)
        {
            result = new EquivalenceResult(EquivalenceVerdict.Invalid, "The line is not valid JSON: " + ex.Message);
        }
        var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return Format(id, result, micros);
    }

    private static string Format(string? id, EquivalenceResult result, double micros)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is null)
            {
                writer.WriteNull("id");
            }
            else
            {
                writer.WriteString("id", id);
            }
            writer.WriteString("verdict", result.VerdictName);
            writer.WriteString("feedback", result.Reason);
            if (result.ErrorColumn is { } column)
            {
                writer.WriteNumber("column", column);
            }
            if (result.Witness is { } witness)
            {
                writer.WriteStartObject("witness");
                foreach (var (name, value) in witness)
                {
                    writer.WriteNumber(name, value);
                }
                writer.WriteEndObject();
            }
            writer.WriteNumber("micros", Math.Round(micros, 1));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
