using System.Collections.Immutable;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace GraderHub.Grading.Solvers;

// Small dense helpers shared by the solvers. The problems graded here have a handful of unknowns,
// so plain arrays and MathNet's dense LU/SVD are both simpler and faster than anything clever.
internal static class Vectors
{
    public static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var x in v)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }

    public static bool AllFinite(double[,] m)
    {
        foreach (var x in m)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }

    public static double NormInf(ReadOnlySpan<double> v)
    {
        var max = 0.0;
        foreach (var x in v)
        {
            max = Math.Max(max, Math.Abs(x));
        }

        return max;
    }

    public static double Norm2(ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        foreach (var x in v)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum);
    }

    public static ImmutableArray<double> Freeze(double[] v) => ImmutableArray.Create(v);

    public static ImmutableArray<ImmutableArray<double>> Freeze(double[,] m)
    {
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<double>>(m.GetLength(0));
        for (var i = 0; i < m.GetLength(0); i++)
        {
            var row = new double[m.GetLength(1)];
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = m[i, j];
            }

            rows.Add(ImmutableArray.Create(row));
        }

        return rows.MoveToImmutable();
    }

    public static string Format(IEnumerable<double> v) =>
        "(" + string.Join(", ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + ")";

    // Solves A x = b, or reports the matrix as singular. The condition number test catches the
    // nearly singular Jacobians at which Newton would jump to a meaningless far-away point.
    public static double[]? SolveOrNull(double[,] a, double[] b, double maxCondition = 1e14)
    {
        var m = Matrix<double>.Build.DenseOfArray(a);
        if (!AllFinite(a) || !AllFinite(b))
        {
            return null;
        }

        var svd = m.Svd(computeVectors: true);
        var s = svd.S;
        var smax = s[0];
        var smin = s[s.Count - 1];
        if (smax == 0 || smin <= smax / maxCondition)
        {
            return null;
        }

        var x = m.LU().Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
        return AllFinite(x) ? x : null;
    }
}
