using GraderHub.Grading.Problems.Kinds;

namespace GraderHub.Grading.Problems;

// The registered problem kinds by name, for tools and tests outside the engine.
public static class ProblemKinds
{
    public static IReadOnlyList<string> Names => KindRegistry.Names;
}
