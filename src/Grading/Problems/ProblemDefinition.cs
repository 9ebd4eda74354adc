using System.Collections.Concurrent;

namespace GraderHub.Grading.Problems;

// A problem read and compiled once: its spec checked, its kind's keys typed. Variants are built
// from it per seed (and kept, a bounded number, since a variant is fully determined by its seed);
// SpecYaml is the problem's own YAML text, stored by the site and read back with ProblemReader.
public sealed class ProblemDefinition
{
    private const int MaxCachedVariants = 512;
    private readonly ConcurrentDictionary<int, Variant> _variants = new();

    internal ProblemDefinition(ProblemSpec spec, string specYaml)
    {
        Spec = spec;
        SpecYaml = specYaml;
    }

    internal ProblemSpec Spec { get; }

    public string Key => Spec.Key;

    public string Title => Spec.Title;

    // The kind's registered name (what the database and the API store).
    public string Kind => Spec.KindOf.Name;

    public int Points => Spec.Points;

    public string SpecYaml { get; }

    public Variant Variant(int seed)
    {
        if (_variants.TryGetValue(seed, out var cached))
        {
            return cached;
        }
        var variant = Problems.Variant.Build(Spec, seed);
        if (_variants.Count >= MaxCachedVariants)
        {
            _variants.Clear();
        }
        return _variants.GetOrAdd(seed, variant);
    }
}
