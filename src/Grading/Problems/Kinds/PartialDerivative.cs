namespace GraderHub.Grading.Problems.Kinds;

// A derivative in one of several variables: the same keys and grading as derivative, ∂ in the box.
internal sealed class PartialDerivative : Derivative
{
    public override string Name => "partial_derivative";
}
