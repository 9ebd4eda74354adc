namespace GraderHub.Grading.Problems.Kinds;

// Every problem kind, one line each. Errors, the authoring guide's test and the CLI list kinds
// from here; a new kind is one file in this folder and one line below.
internal static class KindRegistry
{
    public static readonly IReadOnlyList<ProblemKind> All =
    [
        new Derivative(),
        new PartialDerivative(),
        new Gradient(),
        new Jacobian(),
        new Hessian(),
        new TaylorPolynomial(),
        new Linearisation(),
        new Newton(),
        new NewtonSystem(),
        new GradientDescentKind(),
        new Lagrange(),
        new StationaryPointsKind(),
        new LinearFit(),
        new NonlinearFit(),
        new Backprop(),
        new ValueKind(),
    ];

    private static readonly Dictionary<string, ProblemKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => k.Name)];

    public static ProblemKind? Find(string name) => ByName.GetValueOrDefault(name);
}
