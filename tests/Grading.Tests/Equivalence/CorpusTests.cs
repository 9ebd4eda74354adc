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
    public static TheoryData<string> SampleIds()
    {
        var data = new TheoryData<string>();
        foreach (var line in Corpus.Load("equivalence-sample.jsonl"))
        {
            data.Add(line.Id);
        }
        return data;
    }

    public static TheoryData<string> CorpusIds()
    {
        var data = new TheoryData<string>();
        foreach (var line in Corpus.Load("equivalence-corpus.jsonl"))
        {
            data.Add(line.Id);
        }
        return data;
    }

    [Fact]
    public void FullCorpus_IsPresent_HasAtLeast300Lines() => Assert.True(Corpus.Load("equivalence-corpus.jsonl").Count >= 300);

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void Check_CorpusLine_MatchesLabel(string id)
    {
        var line = Corpus.Load("equivalence-corpus.jsonl").Single(l => l.Id == id);
        var result = EquivalenceChecker.Check(line.Reference, line.Answer, line.Vars);
        Assert.True(line.Expect == result.VerdictName,
            $"{line.Id}: {line.Reference} vs {line.Answer}: expected {line.Expect}, got {result.VerdictName} ({result.Reason}) [{line.Note}]");
    }

    [Fact]
    public void Sample_IsPresent_Has179Lines() => Assert.Equal(179, Corpus.Load("equivalence-sample.jsonl").Count);

    [Theory]
    [MemberData(nameof(SampleIds))]
    public void Check_SampleLine_MatchesLabel(string id)
    {
        var line = Corpus.Load("equivalence-sample.jsonl").Single(l => l.Id == id);
        var result = EquivalenceChecker.Check(line.Reference, line.Answer, line.Vars);
        Assert.True(line.Expect == result.VerdictName,
            $"{line.Id}: {line.Reference} vs {line.Answer}: expected {line.Expect}, got {result.VerdictName} ({result.Reason}) [{line.Note}]");
    }
}
