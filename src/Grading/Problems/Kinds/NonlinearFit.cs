using GraderHub.Grading.Answers;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum NonlinearFitAsk { Parameters, ChiSquared, Uncertainties, ReducedChiSquared }

// Levenberg-Marquardt least squares of any model in its fitted parameters from 'start': the
// parameters (right when chi-squared is at its minimum within tolerance) or the minimum chi-squared.
internal sealed class NonlinearFit : ProblemKind
{
    public override string Name => "nonlinear_fit";

    public override IReadOnlyList<string> Keys => ["fit", "data", "start", "ask"];

    public override FunctionRole Function => FunctionRole.Model;

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("parameters", NonlinearFitAsk.Parameters), ("chi_squared", NonlinearFitAsk.ChiSquared),
            ("uncertainties", NonlinearFitAsk.Uncertainties), ("reduced_chi_squared", NonlinearFitAsk.ReducedChiSquared));
        if (Fits.Read(reader) is not { } fit)
        {
            return null;
        }
        var start = reader.ConstantList("start", true);
        if (start.Count != fit.Parameters.Count)
        {
            reader.Error(reader.Get("start") ?? reader.Map, $"'start' needs one value per fitted parameter ({fit.Parameters.Count}).");
        }
        return reader.Ok ? new NonlinearFitSpec(fit, start, ask) : null;
    }
}

internal sealed record NonlinearFitSpec(FitSpec Fit, IReadOnlyList<string> Start, NonlinearFitAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        if (Fits.Prepare(variant, Fit) is not { } data)
        {
            return VariantBuilder.Fail("the data are not real numbers");
        }
        var (model, x, y, sigma) = data;
        var xName = variant.Variables[0];
        var start = Start.Select(variant.Number).ToList();
        variant.Placeholders["start"] = "(" + string.Join(", ", start.Select(VariantBuilder.Show)) + ")";
        return Ask switch
        {
            NonlinearFitAsk.ChiSquared or NonlinearFitAsk.Uncertainties or NonlinearFitAsk.ReducedChiSquared => AtOptimum(variant, model, xName, x, y, sigma, start),
            NonlinearFitAsk.Parameters => VariantBuilder.From(SolverAnswers.NonlinearFitParameters(model, xName, Fit.Parameters, x, y, sigma, start,
                variant.Tolerance(0.05, 1e-3), variant.Numeric), Fits.Prefix(Fit.Parameters, "")),
        };
    }

    // What the optimum itself answers: chi-squared, the standard errors from the covariance there
    // (sigma absolute), or chi-squared per degree of freedom.
    private SolverResult<KindAnswer> AtOptimum(VariantBuilder variant, Expressions.Expr model, string xName, double[] x, double[] y, double[] sigma, List<double> start)
    {
        var m = ExpressionFunctions.Model(model, xName, Fit.Parameters);
        if (!m.Succeeded)
        {
            return Solver.Fail<KindAnswer>(m.Failure);
        }
        var optimum = NonlinearLeastSquares.Fit(m.Value, x, y, sigma, start);
        if (!optimum.Succeeded)
        {
            return Solver.Fail<KindAnswer>(optimum.Failure);
        }
        var fit = optimum.Value;
        return Ask switch
        {
            NonlinearFitAsk.Uncertainties => VariantBuilder.Ok(SolverAnswers.Vector(fit.Errors, variant.Numeric), Fits.Prefix(Fit.Parameters, "σ_")),
            NonlinearFitAsk.ReducedChiSquared => fit.ReducedChiSquared is { } reduced
                ? VariantBuilder.Ok(SolverAnswers.Number(reduced, variant.Numeric), "χ²/ν =")
                : VariantBuilder.Fail("no degrees of freedom are left (as many parameters as points)"),
            NonlinearFitAsk.ChiSquared or NonlinearFitAsk.Parameters => VariantBuilder.Ok(SolverAnswers.Number(fit.ChiSquared, variant.Numeric), "χ² ="),
        };
    }
}
