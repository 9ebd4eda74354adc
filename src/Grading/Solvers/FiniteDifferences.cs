namespace GraderHub.Grading.Solvers;

// Derivatives by Ridders' extrapolation of central differences. Only a cross-check and a fallback
// when no exact derivative is supplied: exact gradients, Jacobians and Hessians come from the
// expression engine. Ridders shrinks the step until the extrapolation error estimate stops
// improving, which gives ~1e-10 relative accuracy on smooth functions where a single central
// difference gives ~1e-7. It assumes smoothness within ~0.1 of the point: across a kink (relu,
// abs) the first steps straddle it and the estimate is off.
public static class FiniteDifferences
{
    private const int TableSize = 10;
    private const double Shrink = 1.4;

    public static double[] Gradient(Func<double[], double> f, IReadOnlyList<double> x)
    {
        var jacobian = Jacobian(p => [f(p)], x);
        var g = new double[x.Count];
        for (var j = 0; j < g.Length; j++)
        {
            g[j] = jacobian[0, j];
        }

        return g;
    }

    // Rows are components of F, columns the variables.
    public static double[,] Jacobian(Func<double[], double[]> f, IReadOnlyList<double> x)
    {
        var point = x.ToArray();
        double[,]? result = null;
        for (var j = 0; j < point.Length; j++)
        {
            var column = Derivative(t => Shifted(f, point, j, t), InitialStep(point[j]));
            result ??= new double[column.Length, point.Length];
            for (var i = 0; i < column.Length; i++)
            {
                result[i, j] = column[i];
            }
        }

        return result ?? new double[0, 0];
    }

    // The Hessian as the Jacobian of an (exact or numeric) gradient, symmetrised.
    public static double[,] HessianFromGradient(Func<double[], double[]> gradient, IReadOnlyList<double> x)
    {
        var h = Jacobian(gradient, x);
        var n = h.GetLength(0);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var mean = 0.5 * (h[i, j] + h[j, i]);
                h[i, j] = mean;
                h[j, i] = mean;
            }
        }

        return h;
    }

    // From function values only: nested differences, costly but only used as a cross-check.
    public static double[,] Hessian(Func<double[], double> f, IReadOnlyList<double> x) =>
        HessianFromGradient(p => Gradient(f, p), x);

    private static double InitialStep(double x) => 0.1 * Math.Max(1.0, Math.Abs(x));

    private static double[] Shifted(Func<double[], double[]> f, double[] point, int j, double t)
    {
        var p = (double[])point.Clone();
        p[j] += t;
        return f(p);
    }

    // Ridders' method (Numerical Recipes, dfridr) for a vector-valued function of one variable;
    // the error estimate is the largest over the components.
    private static double[] Derivative(Func<double, double[]> g, double h)
    {
        var table = new double[TableSize, TableSize][];
        double[]? best = null;
        var bestError = double.PositiveInfinity;
        var restarts = 0;
        for (var i = 0; i < TableSize; i++)
        {
            var central = Central(g, h);
            if (central is null)
            {
                // Stepped outside the domain (log of a negative, say): start the table again
                // with a much smaller step, as the extrapolation needs one step sequence.
                if (i > 0 || ++restarts > 8)
                {
                    break;
                }

                h /= 8;
                i = -1;
                continue;
            }

            table[0, i] = central;
            var factor = Shrink * Shrink;
            for (var j = 1; j <= i; j++)
            {
                if (table[j - 1, i] is not { } a || table[j - 1, i - 1] is not { } b)
                {
                    break;
                }

                var extrapolated = new double[a.Length];
                for (var c = 0; c < a.Length; c++)
                {
                    extrapolated[c] = ((a[c] * factor) - b[c]) / (factor - 1);
                }

                table[j, i] = extrapolated;
                factor *= Shrink * Shrink;
                var error = Math.Max(MaxDiff(extrapolated, a), MaxDiff(extrapolated, b));
                if (error <= bestError)
                {
                    bestError = error;
                    best = extrapolated;
                }
            }

            if (i > 0 && table[i, i] is { } diagonal && table[i - 1, i - 1] is { } previous
                && MaxDiff(diagonal, previous) >= 2 * bestError)
            {
                break;
            }

            if (best is null && i == 0)
            {
                best = central;
            }

            h /= Shrink;
        }

        return best ?? [double.NaN];
    }

    private static double[]? Central(Func<double, double[]> g, double h)
    {
        var plus = g(h);
        var minus = g(-h);
        if (!Vectors.AllFinite(plus) || !Vectors.AllFinite(minus))
        {
            return null;
        }

        var d = new double[plus.Length];
        for (var c = 0; c < d.Length; c++)
        {
            d[c] = (plus[c] - minus[c]) / (2 * h);
        }

        return d;
    }

    private static double MaxDiff(double[] a, double[] b)
    {
        var max = 0.0;
        for (var c = 0; c < a.Length; c++)
        {
            max = Math.Max(max, Math.Abs(a[c] - b[c]));
        }

        return max;
    }
}
