using GraderHub.Grading.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Grading.Problems;

public static class ProblemSetReader
{
    public static ProblemSetReadResult Read(string yamlText, string sourceName)
    {
        var errors = new List<SpecError>();
        try
        {
            var root = BoundedYaml.LoadRoot(yamlText ?? "", sourceName, errors);
            if (root is null)
            {
                return new ProblemSetReadResult(null, errors);
            }
            var reader = new SpecReader(sourceName, errors);
            if (root is not YamlMappingNode map)
            {
                reader.Error(root, "A problem set is a mapping with key, title, week, summary and problems.");
                return new ProblemSetReadResult(null, errors);
            }
            var key = reader.String(map, "key", true) ?? "";
            var title = reader.String(map, "title", true) ?? "";
            var week = reader.Int(map, "week", true) ?? 0;
            var summary = reader.String(map, "summary", false) ?? "";
            var problems = new List<ProblemDefinition>();
            var pools = new List<PoolDefinition>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            if (SpecReader.Get(map, "problems") is YamlSequenceNode list)
            {
                foreach (var item in list.Children)
                {
                    if (item is YamlMappingNode entry && SpecReader.Get(entry, "pool") is not null)
                    {
                        if (ReadPool(reader, yamlText!, entry, keys) is { } pool)
                        {
                            pools.Add(pool.Definition);
                            problems.AddRange(pool.Members);
                        }
                        continue;
                    }
                    if (ReadProblem(reader, yamlText!, item, keys) is { } problem)
                    {
                        problems.Add(problem);
                    }
                }
            }
            else
            {
                reader.Error(SpecReader.Get(map, "problems") ?? map, "'problems' must be a list of problems.");
            }
            return errors.Count == 0
                ? new ProblemSetReadResult(new ProblemSetDefinition(key, title, week, summary, problems) { Pools = pools }, errors)
                : new ProblemSetReadResult(null, errors);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            errors.Add(new SpecError(sourceName, 1, 1, "The file cannot be read: " + Failure.Describe(ex, ex.Message)));
            return new ProblemSetReadResult(null, errors);
        }
    }

    // One problem of the set; keys are unique across the set, pool members and slots included.
    private static ProblemDefinition? ReadProblem(SpecReader reader, string yamlText, YamlNode item, HashSet<string> keys)
    {
        if (reader.Problem(item) is not { } spec)
        {
            return null;
        }
        if (!keys.Add(spec.Key))
        {
            reader.Error(SpecReader.Get((YamlMappingNode)item, "key"), $"Duplicate problem key '{spec.Key}'.");
            return null;
        }
        return new ProblemDefinition(spec, YamlText.Slice(yamlText, item));
    }

    // A slot that draws one of its problems per student: `pool: KEY`, `title:` and `problems:`,
    // at least two members, all worth the same points (the slot's), none of them a pool itself.
    private static (PoolDefinition Definition, IReadOnlyList<ProblemDefinition> Members)? ReadPool(SpecReader reader,
        string yamlText, YamlMappingNode entry, HashSet<string> keys)
    {
        var before = reader.ErrorCount;
        var poolKey = reader.String(entry, "pool", true) ?? "";
        var title = reader.String(entry, "title", true) ?? "";
        foreach (var unknown in entry.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("pool" or "title" or "problems")))
        {
            reader.Error(unknown, $"Unknown key '{unknown.Value}' in pool '{poolKey}': a pool has pool, title and problems.");
        }
        if (poolKey.Length > 0 && !keys.Add(poolKey))
        {
            reader.Error(SpecReader.Get(entry, "pool"), $"Duplicate key '{poolKey}': a pool's key must differ from every problem's and pool's key.");
        }
        if (SpecReader.Get(entry, "problems") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            reader.Error(SpecReader.Get(entry, "problems") ?? entry, $"Pool '{poolKey}' is empty: 'problems' must list its problems.");
            return null;
        }
        var members = new List<ProblemDefinition>();
        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode nested && SpecReader.Get(nested, "pool") is { } inner)
            {
                reader.Error(inner, $"Pool '{poolKey}' holds another pool: pools do not nest.");
                continue;
            }
            if (ReadProblem(reader, yamlText, item, keys) is { } member)
            {
                members.Add(member);
            }
        }
        if (list.Children.Count < 2)
        {
            reader.Error(list, $"Pool '{poolKey}' has one problem: a pool draws from two or more.");
        }
        if (members.Select(m => m.Points).Distinct().Count() > 1)
        {
            reader.Error(list, $"Pool '{poolKey}' mixes points ({string.Join(", ", members.Select(m => $"{m.Key}: {m.Points}"))}): every member is worth the slot's points.");
        }
        return reader.ErrorCount == before
            ? (new PoolDefinition(poolKey, title, [.. members.Select(m => m.Key)]), members)
            : null;
    }
}

// Reads one problem's YAML and compiles it: the result is what the site caches and every road grades with.
public static class ProblemReader
{
    public static ProblemReadResult Read(string specYaml, string sourceName)
    {
        var errors = new List<SpecError>();
        try
        {
            var root = BoundedYaml.LoadRoot(specYaml ?? "", sourceName, errors);
            if (root is null)
            {
                return new ProblemReadResult(null, errors);
            }
            var spec = new SpecReader(sourceName, errors).Problem(root);
            return spec is null || errors.Count > 0
                ? new ProblemReadResult(null, errors)
                : new ProblemReadResult(new ProblemDefinition(spec, specYaml!), errors);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            errors.Add(new SpecError(sourceName, 1, 1, "The problem cannot be read: " + Failure.Describe(ex, ex.Message)));
            return new ProblemReadResult(null, errors);
        }
    }
}

internal static class YamlText
{
    private static long LastEnd(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.Aggregate(m.End.Index, (acc, kv) => Math.Max(acc, Math.Max(LastEnd(kv.Key), LastEnd(kv.Value)))),
        YamlSequenceNode q => q.Children.Aggregate(q.End.Index, (acc, c) => Math.Max(acc, LastEnd(c))),
        _ => node.End.Index,
    };

    // The node's own text, de-indented so that it reads as a standalone YAML document.
    public static string Slice(string text, YamlNode node)
    {
        var start = (int)node.Start.Index;
        // A mapping's own End mark is not reliable in YamlDotNet; its last scalar's is.
        var end = Math.Min(text.Length, (int)LastEnd(node));
        // ...and a flow collection's closing bracket follows it on the same line.
        var lineEnd = text.IndexOf('\n', end);
        end = lineEnd < 0 ? text.Length : lineEnd;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        var indent = start - lineStart;
        var lines = text[start..end].Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i > 0)
            {
                var strip = 0;
                while (strip < indent && strip < line.Length && line[strip] == ' ')
                {
                    strip++;
                }
                line = line[strip..];
            }
            sb.Append(line).Append('\n');
        }
        return sb.ToString().TrimEnd() + "\n";
    }
}

// Substitutes parameter values into a syntax tree (self-test answers may use parameter names).
internal static class SyntaxSubstitution
{
    public static SyntaxNode Substitute(SyntaxNode node, IReadOnlyDictionary<string, Rational> values) =>
        SyntaxRewriter.ReplaceLeaves(node, leaf => leaf is NameSyntax { Kind: NameKind.Variable } n && values.TryGetValue(n.Name, out var v)
            ? new GroupSyntax(n.Span, new NumberSyntax(n.Span, v.ToString(), v))
            : null);
}
