using System.Globalization;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Answers;

// Builds PreparedAnswer for the numeric-method problems of weeks 3, 5 and 6 from the variant's
// expressions and numbers. A failed solver fails the build, and
// the variant is rejected rather than graded against a wrong reference.
public static class SolverAnswers
{
    public static SolverResult<PreparedAnswer> NewtonIterates(Expr function, string variable, double x0, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Univariate(function, variable);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = NewtonRaphson.Iterate(f.Value.Value, f.Value.Derivative, x0, steps);
        return reference.Succeeded
            ? Ok(Sequence(IterateSequenceAnswer.ForNewton(f.Value, x0, steps, tolerance), reference.Value.Iterates.Select(x => (IReadOnlyList<double>)[x]), tolerance))
            : Fail(reference.Failure);
    }

    public static SolverResult<PreparedAnswer> NewtonSystemIterates(IReadOnlyList<Expr> components, IReadOnlyList<string> variables, IReadOnlyList<double> x0, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Vector(components, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = NewtonRaphson.Iterate(f.Value.Value, f.Value.Jacobian, x0, steps);
        return reference.Succeeded
            ? Ok(Sequence(IterateSequenceAnswer.ForNewton(f.Value, x0, steps, tolerance), reference.Value.Iterates.Select(p => (IReadOnlyList<double>)p), tolerance))
            : Fail(reference.Failure);
    }

    public static SolverResult<PreparedAnswer> NewtonRoot(Expr function, string variable, double x0, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Univariate(function, variable);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var root = NewtonRaphson.FindRoot(f.Value.Value, f.Value.Derivative, x0);
        return root.Succeeded ? Ok(Number(root.Value.Root, tolerance)) : Fail(root.Failure);
    }

    public static SolverResult<PreparedAnswer> GradientDescentIterates(Expr function, IReadOnlyList<string> variables, IReadOnlyList<double> start, DescentStep rule, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = GradientDescent.Iterate(f.Value.Value, f.Value.Gradient, start, rule, steps);
        return reference.Succeeded
            ? Ok(Sequence(IterateSequenceAnswer.ForGradientDescent(f.Value, start, rule, steps, tolerance), reference.Value.Iterates.Select(p => (IReadOnlyList<double>)p), tolerance))
            : Fail(reference.Failure);
    }

    // The point after n steps, entered as one vector.
    public static SolverResult<PreparedAnswer> GradientDescentPoint(Expr function, IReadOnlyList<string> variables, IReadOnlyList<double> start, DescentStep rule, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = GradientDescent.Iterate(f.Value.Value, f.Value.Gradient, start, rule, steps);
        return reference.Succeeded ? Ok(Vector(reference.Value.Last, tolerance)) : Fail(reference.Failure);
    }

    public static SolverResult<PreparedAnswer> GradientDescentMinimiser(Expr function, IReadOnlyList<string> variables, IReadOnlyList<double> start, DescentStep rule, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var minimum = GradientDescent.Minimise(f.Value.Value, f.Value.Gradient, start, rule);
        return minimum.Succeeded ? Ok(Vector(minimum.Value.Point, tolerance)) : Fail(minimum.Failure);
    }

    // All constrained critical points as a set. A point the reference list lacks is still right when
    // Newton's method on the Lagrange system, started from it, reaches a critical point within the
    // stated tolerance of every coordinate (the solver may miss a point; the student may not).
    public static SolverResult<PreparedAnswer> LagrangeCriticalPoints(LagrangeProblem problem, NumericTolerance tolerance)
    {
        var solution = LagrangeMultipliers.Solve(problem);
        if (!solution.Succeeded)
        {
            return Fail(solution.Failure);
        }

        return Ok(PointSet(solution.Value.CriticalPoints.Select(p => (IReadOnlyList<double>)p.Point).ToList(), problem.Dimension, tolerance,
            p => LagrangeMultipliers.CriticalPointNear(problem, p) is { } c && Points.Close(p, c.Point, tolerance)));
    }

    // The points where the constrained maximum (or minimum) is attained.
    public static SolverResult<PreparedAnswer> LagrangeArgExtremum(LagrangeProblem problem, bool maximum, NumericTolerance tolerance)
    {
        var solution = LagrangeMultipliers.Solve(problem);
        if (!solution.Succeeded)
        {
            return Fail(solution.Failure);
        }

        var value = maximum ? solution.Value.Max : solution.Value.Min;
        if (value is null)
        {
            return NoExtremum(maximum);
        }

        var points = (maximum ? solution.Value.ArgMax : solution.Value.ArgMin).Select(p => (IReadOnlyList<double>)p.Point).ToList();
        return Ok(PointSet(points, problem.Dimension, tolerance, null));
    }

    // The constrained maximum (or minimum) value. Null from the solver means it does not exist.
    public static SolverResult<PreparedAnswer> LagrangeExtremum(LagrangeProblem problem, bool maximum, NumericTolerance tolerance)
    {
        var solution = LagrangeMultipliers.Solve(problem);
        if (!solution.Succeeded)
        {
            return Fail(solution.Failure);
        }

        var value = maximum ? solution.Value.Max : solution.Value.Min;
        return value is { } v ? Ok(Number(v, tolerance)) : NoExtremum(maximum);
    }

    // Every critical point with its multipliers, (x, y, lambda), grad f = lambda grad g.
    public static SolverResult<PreparedAnswer> LagrangeWithMultipliers(LagrangeProblem problem, NumericTolerance tolerance)
    {
        var solution = LagrangeMultipliers.Solve(problem);
        if (!solution.Succeeded)
        {
            return Fail(solution.Failure);
        }

        var points = solution.Value.CriticalPoints.Select(p => (IReadOnlyList<double>)[.. p.Point, .. p.Multipliers]).ToList();
        return Ok(PointSet(points, problem.Dimension + problem.Constraints.Count, tolerance, null));
    }

    // Every critical point with its class by the bordered-Hessian test.
    public static SolverResult<PreparedAnswer> LagrangeClassified(LagrangeProblem problem, NumericTolerance tolerance)
    {
        var solution = LagrangeMultipliers.Solve(problem);
        if (!solution.Succeeded)
        {
            return Fail(solution.Failure);
        }

        var classified = new List<ClassifiedPoint>();
        foreach (var p in solution.Value.CriticalPoints)
        {
            var c = LagrangeMultipliers.Classify(problem, p);
            if (!c.Succeeded)
            {
                return Fail(c.Failure);
            }

            classified.Add(new ClassifiedPoint(p.Point, PointClasses.Of(c.Value.Definiteness)));
        }

        ClassifiedPoint? Near(IReadOnlyList<double> given) =>
            LagrangeMultipliers.CriticalPointNear(problem, given) is { } c && Points.Close(given, c.Point, tolerance)
                && LagrangeMultipliers.Classify(problem, c) is { Succeeded: true } k
                ? new ClassifiedPoint(c.Point, PointClasses.Of(k.Value.Definiteness)) : null;
        return Ok(Classification(classified, problem.Dimension, tolerance, pointGiven: false, Near));
    }

    // f, its constraints and where they are defined, as the Lagrange solver takes them.
    public static SolverResult<LagrangeProblem> LagrangeProblemOf(Expr function, IReadOnlyList<Equation> constraints, IReadOnlyList<string> variables, Func<double[], bool>? domain)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Solver.Fail<LagrangeProblem>(f.Failure);
        }

        var gs = new List<ScalarFunction>();
        foreach (var c in constraints)
        {
            var g = ExpressionFunctions.Constraint(c, variables);
            if (!g.Succeeded)
            {
                return Solver.Fail<LagrangeProblem>(g.Failure);
            }

            gs.Add(g.Value);
        }

        return Solver.Ok(new LagrangeProblem(variables.Count, f.Value, gs, domain));
    }

    private static SolverResult<PreparedAnswer> NoExtremum(bool maximum) =>
        Solver.Fail<PreparedAnswer>(SolverFailureKind.Infeasible, $"the constrained {(maximum ? "maximum" : "minimum")} does not exist: ask for the critical points instead");

    // The fitted parameters of a model linear in them (e.g. "m*x + c"), entered as one vector.
    public static SolverResult<PreparedAnswer> LinearFitParameters(Expr model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, NumericTolerance tolerance)
    {
        var fit = LinearFit(model, xVariable, parameters, x, y, sigma);
        return fit.Succeeded ? Ok(Vector(fit.Value.Parameters, tolerance, parameters)) : Fail(fit.Failure);
    }

    public static SolverResult<PreparedAnswer> LinearFitChiSquared(Expr model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, NumericTolerance tolerance)
    {
        var fit = LinearFit(model, xVariable, parameters, x, y, sigma);
        return fit.Succeeded ? Ok(Number(fit.Value.ChiSquared, tolerance)) : Fail(fit.Failure);
    }

    // Non-linear fit: the parameter vector is right when its chi-squared is within the tolerance
    // of the optimum (Absolute as a chi-squared excess, Relative as a fraction of the minimum), so
    // equally good fits in a flat valley pass; otherwise each parameter close to the optimum earns
    // its share.
    public static SolverResult<PreparedAnswer> NonlinearFitParameters(Expr model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, IReadOnlyList<double> start, NumericTolerance chiSquaredTolerance, NumericTolerance parameterTolerance)
    {
        var m = ExpressionFunctions.Model(model, xVariable, parameters);
        if (!m.Succeeded)
        {
            return Fail(m.Failure);
        }

        var fit = NonlinearLeastSquares.Fit(m.Value, x, y, sigma, start);
        if (!fit.Succeeded)
        {
            return Fail(fit.Failure);
        }

        var perParameter = ArrayAnswer.Vector([.. fit.Value.Parameters.Select(p => (EntryReference)new NumberEntry(p, parameterTolerance))], parameters);
        var answer = new NonlinearFitAnswer(perParameter, m.Value, x, y, sigma, fit.Value, parameters.Count, chiSquaredTolerance);
        return Ok(new PreparedAnswer(AnswerKind.Vector, Show(fit.Value.Parameters), answer, []) { Tolerance = parameterTolerance });
    }

    private sealed class NonlinearFitAnswer(ArrayAnswer perParameter, NonlinearModel model, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<double> sigma, NonlinearFit optimum, int parameters, NumericTolerance chiSquaredTolerance) : IAnswer
    {
        public GradeResult Grade(string? answer, CancellationToken ct = default)
        {
            var grade = perParameter.Grade(answer, ct);
            if (grade.Verdict is GradeVerdict.Invalid or GradeVerdict.Correct)
            {
                return grade;
            }

            var given = ReadVector(answer, parameters);
            if (given is null)
            {
                return grade;
            }

            var acceptance = NonlinearLeastSquares.Accept(model, x, y, sigma, optimum, given, chiSquaredTolerance.Absolute, chiSquaredTolerance.Relative);
            return acceptance.Accepted
                ? new GradeResult(GradeVerdict.Correct, 1, "Correct: chi-squared is at its minimum within tolerance.", null)
                : grade with { Feedback = grade.Feedback + " " + char.ToUpperInvariant(acceptance.Reason[0]) + acceptance.Reason[1..] + "." };
        }

        public AnswerPreview Preview(string? answer) => perParameter.Preview(answer);
    }

    // dL/dW (matrix) or dL/db (vector) of one layer.
    public static SolverResult<PreparedAnswer> BackpropGradient(IReadOnlyList<DenseLayer> layers, IReadOnlyList<double> input, IReadOnlyList<double> target, Loss loss, int layer, bool weights, NumericTolerance tolerance)
    {
        var result = Backpropagation.Run(layers, input, target, loss);
        if (!result.Succeeded)
        {
            return Fail(result.Failure);
        }

        if (layer < 0 || layer >= layers.Count)
        {
            return Solver.Fail<PreparedAnswer>(SolverFailureKind.InvalidInput, $"the network has no layer {layer + 1}");
        }

        var gradient = result.Value.Gradients[layer];
        return Ok(weights ? Matrix(gradient.Weights.Select(r => (IReadOnlyList<double>)r).ToList(), tolerance) : Vector(gradient.Biases, tolerance));
    }

    public static SolverResult<PreparedAnswer> JacobianAt(IReadOnlyList<Expr> components, IReadOnlyList<string> variables, IReadOnlyList<double> point, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Vector(components, variables);
        return f.Succeeded ? MatrixAt(f.Value.Jacobian(point.ToArray()), tolerance) : Fail(f.Failure);
    }

    public static SolverResult<PreparedAnswer> HessianAt(Expr function, IReadOnlyList<string> variables, IReadOnlyList<double> point, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        return f.Succeeded ? MatrixAt(f.Value.Hessian!(point.ToArray()), tolerance) : Fail(f.Failure);
    }

    private static SolverResult<PreparedAnswer> MatrixAt(double[,] m, NumericTolerance tolerance)
    {
        if (!m.Cast<double>().All(double.IsFinite))
        {
            return Solver.Fail<PreparedAnswer>(SolverFailureKind.NonFinite, "the matrix is not finite at the point");
        }

        var rows = Enumerable.Range(0, m.GetLength(0)).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToList();
        return Ok(Matrix(rows, tolerance));
    }

    private static SolverResult<LinearFit> LinearFit(Expr model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma)
    {
        var basis = ExpressionFunctions.LinearBasis(model, xVariable, parameters);
        return basis.Succeeded ? LinearLeastSquares.Fit(x, y, sigma, basis.Value) : Solver.Fail<LinearFit>(basis.Failure);
    }

    private static double[]? ReadVector(string? answer, int dimension)
    {
        var (root, _) = Entries.Structure(answer);
        if (root is null)
        {
            return null;
        }

        var node = root.Items is [ListNode single] ? single : root;
        var (point, _) = Points.Read(node with { Open = '(' }, dimension);
        return point?.Values;
    }

    // Numeric references: the text keeps every digit of the double (what grading compares and tools
    // read); the LaTeX people see has the digits the tolerance makes meaningful.
    public static PreparedAnswer Number(double value, NumericTolerance tolerance) =>
        new(AnswerKind.Number, Show(value), new NumberAnswer(value, tolerance), []) { ReferenceLatex = NumberDisplay.Latex(value, tolerance), Tolerance = tolerance };

    // names: what the components are (a fit's parameters), for the diagnosis of two in each other's place.
    public static PreparedAnswer Vector(IReadOnlyList<double> values, NumericTolerance tolerance, IReadOnlyList<string>? names = null) =>
        new(AnswerKind.Vector, Show(values), ArrayAnswer.Vector([.. values.Select(v => (EntryReference)new NumberEntry(v, tolerance))], names), [])
        {
            ReferenceLatex = NumberDisplay.Column(values, tolerance),
            Tolerance = tolerance,
        };

    public static PreparedAnswer Matrix(IReadOnlyList<IReadOnlyList<double>> rows, NumericTolerance tolerance) =>
        new(AnswerKind.Matrix, "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(Show)) + "]")) + "]",
            ArrayAnswer.Matrix([.. rows.Select(r => (IReadOnlyList<EntryReference>)[.. r.Select(v => (EntryReference)new NumberEntry(v, tolerance))])]), [])
        {
            ReferenceLatex = NumberDisplay.Matrix(rows, tolerance),
            Tolerance = tolerance,
        };

    public static PreparedAnswer PointSet(IReadOnlyList<IReadOnlyList<double>> points, int dimension, NumericTolerance tolerance, Func<IReadOnlyList<double>, bool>? accept) =>
        new(AnswerKind.PointSet, "{" + string.Join(", ", points.Select(Show)) + "}", new PointSetAnswer(points, dimension, tolerance, accept), [])
        {
            ReferenceLatex = NumberDisplay.Set(points, tolerance),
            Tolerance = tolerance,
        };

    public static PreparedAnswer Classification(IReadOnlyList<ClassifiedPoint> points, int dimension, NumericTolerance tolerance, bool pointGiven,
        Func<IReadOnlyList<double>, ClassifiedPoint?>? near = null) =>
        new(AnswerKind.Classification, ClassificationAnswer.Show(points, pointGiven), new ClassificationAnswer(points, dimension, tolerance, pointGiven, near), [])
        {
            ReferenceLatex = pointGiven && points.Count == 1 ? @"	ext{" + points[0].Class.Name() + "}"
                : points.Count == 0 ? @"\{\,\}"
                : @"\left\{ " + string.Join(@",\ ", points.Select(p => NumberDisplay.Tuple(p.Point, tolerance) + @"\ 	ext{" + p.Class.Name() + "}")) + @" 
ight\}",
            Tolerance = tolerance,
        };

    private static PreparedAnswer Sequence(IterateSequenceAnswer answer, IEnumerable<IReadOnlyList<double>> iterates, NumericTolerance tolerance)
    {
        var list = iterates.ToList();
        var name = list.Count > 0 && list[0].Count > 1 ? @"\mathbf x" : "x";
        return new(AnswerKind.Sequence, string.Join(", ", list.Select(Show)), answer, [])
        {
            ReferenceLatex = string.Join(@",\quad ", list.Select((p, k) => $"{name}_{{{k + 1}}} = {NumberDisplay.Tuple(p, tolerance)}")),
            Tolerance = tolerance,
        };
    }

    public static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Show(IEnumerable<double> p)
    {
        var items = p.Select(Show).ToList();
        return items.Count == 1 ? items[0] : "(" + string.Join(", ", items) + ")";
    }

    private static SolverResult<PreparedAnswer> Ok(PreparedAnswer answer) => Solver.Ok(answer);

    private static SolverResult<PreparedAnswer> Fail(SolverFailure failure) => Solver.Fail<PreparedAnswer>(failure);
}
