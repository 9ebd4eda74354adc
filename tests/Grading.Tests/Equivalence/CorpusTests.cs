using System.Text.Json;
using GraderHub.Grading.Equivalence;

namespace GraderHub.Grading.Tests.Equivalence;

public sealed record CorpusLine(string Id, IReadOnlyList<string> Vars, string Reference, string Answer, string Expect, string Note);

public static class Corpus
{
    public static IReadOnlyList<CorpusLine> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", file);
        if (!File.Exists(path))
        {
            return [];
        }
        var lines = new List<CorpusLine>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            lines.Add(new CorpusLine(
                root.GetProperty("id").GetString()!,
                root.GetProperty("vars").EnumerateArray().Select(v => v.GetString()!).ToArray(),
                root.GetProperty("reference").GetString()!,
                root.GetProperty("answer").GetString()!,
                root.GetProperty("expect").GetString()!,
                root.TryGetProperty("note", out var note) ? note.GetString() ?? "" : ""));
        }
        return lines;
    }
}

public class CorpusTests
{
    // Every line of the shared sample and of the labelled corpus, as (file, id).
    public static TheoryData<string, string> Lines()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "equivalence-sample.jsonl", "equivalence-corpus.jsonl" })
        {
            foreach (var line in Corpus.Load(file))
            {
                data.Add(file, line.Id);
            }
        }
        return data;
    }

    [Fact]
    public void Sample_IsPresent_Has179Lines() => Assert.Equal(179, Corpus.Load("equivalence-sample.jsonl").Count);

    [Fact]
    public void FullCorpus_IsPresent_HasAtLeast300Lines() => Assert.True(Corpus.Load("equivalence-corpus.jsonl").Count >= 300);

    [Theory]
    [MemberData(nameof(Lines))]
    public void Check_CorpusLine_MatchesLabel(string file, string id)
    {
        var line = Corpus.Load(file).Single(l => l.Id == id);
        var result = EquivalenceChecker.Check(line.Reference, line.Answer, line.Vars);
        Assert.True(line.Expect == result.VerdictName,
            $"{line.Id}: {line.Reference} vs {line.Answer}: expected {line.Expect}, got {result.VerdictName} ({result.Reason}) [{line.Note}]");
        // A regrade reaches the same verdict.
        Assert.Equal(result, EquivalenceChecker.Check(line.Reference, line.Answer, line.Vars), new ResultComparer());
    }

    private sealed class ResultComparer : IEqualityComparer<EquivalenceResult>
    {
        public bool Equals(EquivalenceResult? x, EquivalenceResult? y) =>
            x is not null && y is not null && x.Verdict == y.Verdict && x.Reason == y.Reason
            && (x.Witness is null ? y.Witness is null : y.Witness is not null && x.Witness.SequenceEqual(y.Witness));

        public int GetHashCode(EquivalenceResult obj) => obj.Verdict.GetHashCode();
    }
}
