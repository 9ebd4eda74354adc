namespace GraderHub.Grading.Equivalence;

// A small PRNG with a published algorithm, so that sampling (and with it every verdict and every
// per-student parameter) is reproducible across runtimes; System.Random's algorithm is unspecified.
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1) with 53 random bits.
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    // Uniform integer in [low, high], without modulo bias worth caring about at these ranges.
    public long NextInt(long low, long high) => low + (long)(NextUInt64() % (ulong)(high - low + 1));

    // FNV-1a, for mixing strings (problem keys) into seeds.
    public static ulong Hash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }
}
