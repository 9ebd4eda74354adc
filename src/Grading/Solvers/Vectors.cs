using System.Collections.Immutable;
using System.Globalization;

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

    // Solves A x = b by Gaussian elimination with partial pivoting (LAPACK's gesv, as numpy uses),
    // or reports the matrix as singular. The 1-norm condition number, from the explicit inverse
    // (cheap at the handful of unknowns here), catches the nearly singular Jacobians at which
    // Newton would jump to a meaningless far-away point.
    public static double[]? SolveOrNull(double[,] a, double[] b, double maxCondition = 1e14)
    {
        var n = b.Length;
        if (a.GetLength(0) != n || a.GetLength(1) != n || !AllFinite(a) || !AllFinite(b))
        {
            return null;
        }

        // Augmented [A | b | I]: one elimination gives the solution and the inverse.
        var width = n + 1 + n;
        var m = new double[n, width];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = a[i, j];
            }

            m[i, n] = b[i];
            m[i, n + 1 + i] = 1;
        }

        for (var k = 0; k < n; k++)
        {
            var pivot = k;
            for (var i = k + 1; i < n; i++)
            {
                if (Math.Abs(m[i, k]) > Math.Abs(m[pivot, k]))
                {
                    pivot = i;
                }
            }

            if (m[pivot, k] == 0)
            {
                return null;
            }

            if (pivot != k)
            {
                for (var j = 0; j < width; j++)
                {
                    (m[k, j], m[pivot, j]) = (m[pivot, j], m[k, j]);
                }
            }

            for (var i = k + 1; i < n; i++)
            {
                var factor = m[i, k] / m[k, k];
                if (factor == 0)
                {
                    continue;
                }

                for (var j = k; j < width; j++)
                {
                    m[i, j] -= factor * m[k, j];
                }
            }
        }

        for (var k = n - 1; k >= 0; k--)
        {
            for (var j = n; j < width; j++)
            {
                var sum = m[k, j];
                for (var i = k + 1; i < n; i++)
                {
                    sum -= m[k, i] * m[i, j];
                }

                m[k, j] = sum / m[k, k];
            }
        }

        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = m[i, n];
        }

        return AllFinite(x) && Norm1(a, 0) * Norm1(m, n + 1) <= maxCondition ? x : null;
    }

    // Largest column sum of the n x n block of m starting at column offset.
    private static double Norm1(double[,] m, int offset)
    {
        var n = m.GetLength(0);
        var max = 0.0;
        for (var j = 0; j < n; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += Math.Abs(m[i, offset + j]);
            }

            max = Math.Max(max, sum);
        }

        return double.IsNaN(max) ? double.PositiveInfinity : max;
    }
}
