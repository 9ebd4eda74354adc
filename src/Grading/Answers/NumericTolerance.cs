namespace GraderHub.Grading.Answers;

// |v - r| <= max(Absolute, Relative * |r|). The defaults suit exact answers typed to a few
// significant figures; authors of numeric-method problems set their own.
public sealed record NumericTolerance(double Absolute = 1e-6, double Relative = 1e-4)
{
    public static NumericTolerance Default { get; } = new();

    public bool Accepts(double value, double reference) =>
        double.IsFinite(value) && Math.Abs(value - reference) <= Math.Max(Absolute, Relative * Math.Abs(reference));
}
