using System.Globalization;
using System.Text;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Grading.Problems.Kinds;

internal enum LinearFitAsk { Parameters, Uncertainties, ChiSquared, ReducedChiSquared }

// Weighted least squares of a model linear in its fitted parameters ('fit') to 'data': the
// parameters, their uncertainties, or the minimum chi-squared.
internal sealed class LinearFit : ProblemKind
{
    public override string Name => "linear_fit";

    public override IReadOnlyList<string> Keys => ["fit", "data", "ask"];

    public override FunctionRole Function => FunctionRole.Model;

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("parameters", LinearFitAsk.Parameters), ("uncertainties", LinearFitAsk.Uncertainties), ("chi_squared", LinearFitAsk.ChiSquared),
            ("reduced_chi_squared", LinearFitAsk.ReducedChiSquared));
        return Fits.Read(reader) is { } fit && reader.Ok ? new LinearFitSpec(fit, ask) : null;
    }
}

internal sealed record LinearFitSpec(FitSpec Fit, LinearFitAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        if (Fits.Prepare(variant, Fit) is not { } data)
        {
            return VariantBuilder.Fail("the data are not real numbers");
        }
        var (model, x, y, sigma) = data;
        var xName = variant.Variables[0];
        return Ask switch
        {
            LinearFitAsk.ChiSquared => VariantBuilder.From(SolverAnswers.LinearFitChiSquared(model, xName, Fit.Parameters, x, y, sigma, variant.Numeric), "χ² ="),
            LinearFitAsk.ReducedChiSquared => ReducedChiSquared(variant, model, xName, x, y, sigma),
            LinearFitAsk.Uncertainties => Uncertainties(variant, model, xName, x, y, sigma),
            LinearFitAsk.Parameters => VariantBuilder.From(SolverAnswers.LinearFitParameters(model, xName, Fit.Parameters, x, y, sigma, variant.Numeric), Fits.Prefix(Fit.Parameters, "")),
        };
    }

    private SolverResult<KindAnswer> Uncertainties(VariantBuilder variant, Expr model, string xName, double[] x, double[] y, double[] sigma)
    {
        var fit = Solve(model, xName, x, y, sigma);
        return fit.Succeeded
            ? VariantBuilder.Ok(SolverAnswers.Vector(fit.Value.Errors, variant.Numeric), Fits.Prefix(Fit.Parameters, "σ_"))
            : Solver.Fail<KindAnswer>(fit.Failure);
    }

    private SolverResult<KindAnswer> ReducedChiSquared(VariantBuilder variant, Expr model, string xName, double[] x, double[] y, double[] sigma)
    {
        var fit = Solve(model, xName, x, y, sigma);
        if (!fit.Succeeded)
        {
            return Solver.Fail<KindAnswer>(fit.Failure);
        }
        return fit.Value.ReducedChiSquared is { } reduced
            ? VariantBuilder.Ok(SolverAnswers.Number(reduced, variant.Numeric), "χ²/ν =")
            : VariantBuilder.Fail("no degrees of freedom are left (as many parameters as points)");
    }

    private SolverResult<Solvers.LinearFit> Solve(Expr model, string xName, double[] x, double[] y, double[] sigma)
    {
        var basis = ExpressionFunctions.LinearBasis(model, xName, Fit.Parameters);
        return basis.Succeeded ? LinearLeastSquares.Fit(x, y, sigma, basis.Value) : Solver.Fail<Solvers.LinearFit>(basis.Failure);
    }
}

// Data points: y given, or drawn per variant from a model (in the problem's parameters) plus
// Gaussian noise of the given size, so each student fits their own data.
internal sealed record DataSpec(IReadOnlyList<string> X, IReadOnlyList<string>? Y, string? Model, string? Noise, IReadOnlyList<string> Sigma);

internal sealed record FitSpec(IReadOnlyList<string> Parameters, DataSpec Data, string Function);

// What the two fit kinds share: reading 'fit' and 'data', the variant's data and model.
internal static class Fits
{
    public static FitSpec? Read(KindReader reader)
    {
        var fit = reader.StringList("fit", true);
        if (fit.Count == 0 || fit.Any(f => reader.Variables.Contains(f) || reader.Parameters.Contains(f)))
        {
            reader.Error(reader.Get("fit") ?? reader.Map, "'fit' lists the model's fitted parameters, e.g. [m, c]; they must differ from the variables and parameters.");
            return null;
        }
        if (reader.Variables.Count != 1)
        {
            reader.Error(reader.Get("variables"), "A fit problem has one variable, the x of the data.");
            return null;
        }
        var function = reader.String("function", true) ?? "";
        if (!reader.Expressions("function", [function], [.. reader.All, .. fit]))
        {
            return null;
        }
        return Data(reader) is { } data ? new FitSpec(fit, data, function) : null;
    }

    private static DataSpec? Data(KindReader reader)
    {
        if (reader.Get("data") is not YamlMappingNode data)
        {
            reader.Error(reader.Get("data") ?? reader.Map, "'data' is { x: [...], y: [...], sigma: [...] } or { x: [...], model: \"...\", noise: 0.1, sigma: 0.1 }.");
            return null;
        }
        var spec = reader.Spec;
        var x = spec.StringList(data, "x", true);
        var y = SpecReader.Get(data, "y") is null ? null : spec.StringList(data, "y", true);
        var model = spec.String(data, "model", y is null);
        var noise = spec.String(data, "noise", false);
        var sigma = SpecReader.Get(data, "sigma") is YamlScalarNode ? [spec.String(data, "sigma", true) ?? ""] : spec.StringList(data, "sigma", true);
        var ok = x.Count >= 2 && (sigma.Count == 1 || sigma.Count == x.Count) && (y is null || y.Count == x.Count);
        if (!ok)
        {
            reader.Error(data, "'data' needs at least two x values, as many y values, and one sigma or one per point.");
            return null;
        }
        foreach (var text in x.Concat(y ?? []).Concat(sigma).Concat(noise is null ? [] : [noise]))
        {
            if (MathExpression.Parse(text, reader.Parameters).Error is { } e)
            {
                reader.Error(data, $"'{text}' in 'data' must be a constant expression: {e.Message}");
                return null;
            }
        }
        if (model is not null && MathExpression.Parse(model, reader.All).Error is { } me)
        {
            reader.Error(SpecReader.Get(data, "model"), $"The data model cannot be read: {me.Message} (column {me.Column}).");
            return null;
        }
        return new DataSpec(x, y, model, noise, sigma);
    }

    // The model with this variant's parameters and the data (generated from the variant's own random
    // stream when the author gave a model), with their placeholders; null when not real numbers.
    public static (Expr Model, double[] X, double[] Y, double[] Sigma)? Prepare(VariantBuilder variant, FitSpec fit)
    {
        var data = fit.Data;
        var x = data.X.Select(variant.Number).ToArray();
        var sigma = data.Sigma.Count == 1 ? [.. Enumerable.Repeat(variant.Number(data.Sigma[0]), x.Length)] : data.Sigma.Select(variant.Number).ToArray();
        double[] y;
        if (data.Y is not null)
        {
            y = [.. data.Y.Select(variant.Number)];
        }
        else
        {
            var model = variant.Parse(data.Model!, variant.Variables);
            var noise = data.Noise is null ? 0 : variant.Number(data.Noise);
            // Rounded to what the statement shows, so the student fits exactly the data the reference fits.
            y = [.. x.Select(xi => Math.Round(variant.Evaluate(model, [xi]) + noise * variant.Gaussian(), 3, MidpointRounding.ToEven))];
        }
        if (!x.Concat(y).Concat(sigma).All(double.IsFinite))
        {
            return null;
        }
        var fitted = variant.Parse(fit.Function, [.. variant.Variables, .. fit.Parameters]);
        variant.Placeholders["model"] = ExprPrinter.ToLatex(fitted);
        variant.Placeholders["f"] = variant.Placeholders["model"];
        variant.Placeholders["data"] = Table(x, y, sigma);
        return (fitted, x, y, sigma);
    }

    public static string Prefix(IReadOnlyList<string> parameters, string prefix)
    {
        var names = parameters.Select(p => prefix + p).ToList();
        return (names.Count == 1 ? names[0] : "(" + string.Join(", ", names) + ")") + " =";
    }

    private static string Table(double[] x, double[] y, double[] sigma)
    {
        var sb = new StringBuilder("| $x$ | $y$ | $\\sigma$ |\n|---|---|---|\n");
        for (var i = 0; i < x.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {VariantBuilder.Show(x[i])} | {VariantBuilder.Show(y[i])} | {VariantBuilder.Show(sigma[i])} |\n");
        }
        return sb.ToString();
    }
}
