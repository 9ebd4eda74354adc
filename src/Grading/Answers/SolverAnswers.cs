using System.Globalization;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Answers;

// A problem's answer box once its reference is computed: what kind of answer it takes, the syntax
// shown next to the box, the reference (for `graderhub reference` and instructors), and grading.
// Grade and Preview never throw: whatever escapes a grader becomes Undetermined, for review.
public sealed class PreparedAnswer
{
    private readonly Func<string?, GradeResult> _grade;

    internal PreparedAnswer(string answerKind, string syntaxHelp, string reference, IReadOnlyList<string> variables, Func<string?, GradeResult> grade)
    {
        AnswerKind = answerKind;
        SyntaxHelp = syntaxHelp;
        Reference = reference;
        Variables = variables;
        _grade = grade;
    }

    public string AnswerKind { get; }

    public string SyntaxHelp { get; }

    public string Reference { get; }

    public IReadOnlyList<string> Variables { get; }

    public GradeResult Grade(string? answer)
    {
        try
        {
            return _grade(answer);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            // The engine's boundary convention: an unexpected exception is labelled so fuzzing finds it.
            return new GradeResult(GradeVerdict.Undetermined, 0, Failure.Describe(ex, "Your answer could not be graded automatically and will be reviewed."), null);
        }
    }

    public AnswerPreview Preview(string? answer)
    {
        try
        {
            return StructuredPreview.Preview(answer, Variables);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return new AnswerPreview(false, null, null, Failure.Describe(ex, "The answer is too complex to preview."), 1);
        }
    }
}

// Builds PreparedAnswer for the numeric-method problems of weeks 3, 5 and 6 from what an author
// writes: functions as expression strings, data as numbers. A failed solver fails the build, and
// the variant is rejected rather than graded against a wrong reference.
public static class SolverAnswers
{
    public static SolverResult<PreparedAnswer> NewtonIterates(string function, string variable, double x0, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Univariate(function, variable);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = NewtonRaphson.Iterate(f.Value.Value, f.Value.Derivative, x0, steps);
        return reference.Succeeded
            ? Ok(Sequence(IterateSequenceAnswer.ForNewton(f.Value, x0, steps, tolerance), string.Join(", ", reference.Value.Iterates.Select(Show))))
            : Fail(reference.Failure);
    }

    public static SolverResult<PreparedAnswer> NewtonSystemIterates(IReadOnlyList<string> components, IReadOnlyList<string> variables, IReadOnlyList<double> x0, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Vector(components, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = NewtonRaphson.Iterate(f.Value.Value, f.Value.Jacobian, x0, steps);
        return reference.Succeeded
            ? Ok(Sequence(IterateSequenceAnswer.ForNewton(f.Value, x0, steps, tolerance), string.Join(", ", reference.Value.Iterates.Select(p => Show(p)))))
            : Fail(reference.Failure);
    }

    public static SolverResult<PreparedAnswer> NewtonRoot(string function, string variable, double x0, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Univariate(function, variable);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var root = NewtonRaphson.FindRoot(f.Value.Value, f.Value.Derivative, x0);
        return root.Succeeded ? Ok(Number(root.Value.Root, tolerance)) : Fail(root.Failure);
    }

    public static SolverResult<PreparedAnswer> GradientDescentIterates(string function, IReadOnlyList<string> variables, IReadOnlyList<double> start, double learningRate, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = GradientDescent.Iterate(f.Value.Value, f.Value.Gradient, start, learningRate, steps);
        return reference.Succeeded
            ? Ok(Sequence(IterateSequenceAnswer.ForGradientDescent(f.Value, start, learningRate, steps, tolerance), string.Join(", ", reference.Value.Iterates.Select(p => Show(p)))))
            : Fail(reference.Failure);
    }

    // The point after n steps, entered as one vector.
    public static SolverResult<PreparedAnswer> GradientDescentPoint(string function, IReadOnlyList<string> variables, IReadOnlyList<double> start, double learningRate, int steps, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var reference = GradientDescent.Iterate(f.Value.Value, f.Value.Gradient, start, learningRate, steps);
        return reference.Succeeded ? Ok(Vector(reference.Value.Last, tolerance)) : Fail(reference.Failure);
    }

    public static SolverResult<PreparedAnswer> GradientDescentMinimiser(string function, IReadOnlyList<string> variables, IReadOnlyList<double> start, double learningRate, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Fail(f.Failure);
        }

        var minimum = GradientDescent.Minimise(f.Value.Value, f.Value.Gradient, start, learningRate);
        return minimum.Succeeded ? Ok(Vector(minimum.Value.Point, tolerance)) : Fail(minimum.Failure);
    }

    // All constrained critical points as a set; a point not in the reference list is still right
    // when it satisfies the Lagrange conditions to the tolerance's relative size.
    public static SolverResult<PreparedAnswer> LagrangeCriticalPoints(string function, IReadOnlyList<string> constraints, IReadOnlyList<string> variables, NumericTolerance tolerance, Func<double[], bool>? domain = null)
    {
        var run = Lagrange(function, constraints, variables, domain);
        if (!run.Succeeded)
        {
            return Fail(run.Failure);
        }

        var (problem, solution) = run.Value;
        var points = solution.CriticalPoints.Select(p => (IReadOnlyList<double>)p.Point).ToList();
        var answer = new PointSetAnswer(points, variables.Count, tolerance, p => LagrangeMultipliers.Check(problem, p, tolerance.Relative).Satisfied);
        return Ok(new PreparedAnswer("point-set", PointSetAnswer.SyntaxHelp, "{" + string.Join(", ", points.Select(Show)) + "}", [], answer.Grade));
    }

    // The constrained maximum (or minimum) value. Null from the solver means it does not exist.
    public static SolverResult<PreparedAnswer> LagrangeExtremum(string function, IReadOnlyList<string> constraints, IReadOnlyList<string> variables, bool maximum, NumericTolerance tolerance, Func<double[], bool>? domain = null)
    {
        var run = Lagrange(function, constraints, variables, domain);
        if (!run.Succeeded)
        {
            return Fail(run.Failure);
        }

        var value = maximum ? run.Value.Solution.Max : run.Value.Solution.Min;
        return value is { } v
            ? Ok(Number(v, tolerance))
            : Solver.Fail<PreparedAnswer>(SolverFailureKind.Infeasible, $"the constrained {(maximum ? "maximum" : "minimum")} does not exist: ask for the critical points instead");
    }

    // The fitted parameters of a model linear in them (e.g. "m*x + c"), entered as one vector.
    public static SolverResult<PreparedAnswer> LinearFitParameters(string model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, NumericTolerance tolerance)
    {
        var fit = LinearFit(model, xVariable, parameters, x, y, sigma);
        return fit.Succeeded ? Ok(Vector(fit.Value.Parameters, tolerance)) : Fail(fit.Failure);
    }

    public static SolverResult<PreparedAnswer> LinearFitChiSquared(string model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, NumericTolerance tolerance)
    {
        var fit = LinearFit(model, xVariable, parameters, x, y, sigma);
        return fit.Succeeded ? Ok(Number(fit.Value.ChiSquared, tolerance)) : Fail(fit.Failure);
    }

    // Non-linear fit: the parameter vector is right when its chi-squared is within the tolerance
    // of the optimum (Absolute as a chi-squared excess, Relative as a fraction of the minimum), so
    // equally good fits in a flat valley pass; otherwise each parameter close to the optimum earns
    // its share.
    public static SolverResult<PreparedAnswer> NonlinearFitParameters(string model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, IReadOnlyList<double> start, NumericTolerance chiSquaredTolerance, NumericTolerance parameterTolerance)
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

        var optimum = fit.Value;
        var perParameter = ArrayAnswer.Vector([.. optimum.Parameters.Select(p => (EntryReference)new NumberEntry(p, parameterTolerance))]);
        GradeResult Grade(string? answer)
        {
            var grade = perParameter.Grade(answer);
            if (grade.Verdict is GradeVerdict.Invalid or GradeVerdict.Correct)
            {
                return grade;
            }

            var given = ReadVector(answer, parameters.Count);
            if (given is null)
            {
                return grade;
            }

            var acceptance = NonlinearLeastSquares.Accept(m.Value, x, y, sigma, optimum, given, chiSquaredTolerance.Absolute, chiSquaredTolerance.Relative);
            return acceptance.Accepted
                ? new GradeResult(GradeVerdict.Correct, 1, "Correct: chi-squared is at its minimum within tolerance.", null)
                : grade with { Feedback = grade.Feedback + " " + char.ToUpperInvariant(acceptance.Reason[0]) + acceptance.Reason[1..] + "." };
        }

        return Ok(new PreparedAnswer("vector", ArrayAnswer.VectorSyntaxHelp, Show(optimum.Parameters), [], Grade));
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

    public static SolverResult<PreparedAnswer> JacobianAt(IReadOnlyList<string> components, IReadOnlyList<string> variables, IReadOnlyList<double> point, NumericTolerance tolerance)
    {
        var f = ExpressionFunctions.Vector(components, variables);
        return f.Succeeded ? MatrixAt(f.Value.Jacobian(point.ToArray()), tolerance) : Fail(f.Failure);
    }

    public static SolverResult<PreparedAnswer> HessianAt(string function, IReadOnlyList<string> variables, IReadOnlyList<double> point, NumericTolerance tolerance)
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

    private sealed record LagrangeRun(LagrangeProblem Problem, LagrangeSolution Solution);

    private static SolverResult<LagrangeRun> Lagrange(string function, IReadOnlyList<string> constraints, IReadOnlyList<string> variables, Func<double[], bool>? domain)
    {
        var f = ExpressionFunctions.Scalar(function, variables);
        if (!f.Succeeded)
        {
            return Solver.Fail<LagrangeRun>(f.Failure);
        }

        var gs = new List<ScalarFunction>();
        foreach (var c in constraints)
        {
            var g = ExpressionFunctions.Constraint(c, variables);
            if (!g.Succeeded)
            {
                return Solver.Fail<LagrangeRun>(g.Failure);
            }

            gs.Add(g.Value);
        }

        var problem = new LagrangeProblem(variables.Count, f.Value, gs, domain);
        var solution = LagrangeMultipliers.Solve(problem);
        return solution.Succeeded ? Solver.Ok(new LagrangeRun(problem, solution.Value)) : Solver.Fail<LagrangeRun>(solution.Failure);
    }

    private static SolverResult<LinearFit> LinearFit(string model, string xVariable, IReadOnlyList<string> parameters, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma)
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
        return point;
    }

    private static PreparedAnswer Number(double value, NumericTolerance tolerance) =>
        new("number", NumberAnswer.SyntaxHelp, Show(value), [], new NumberAnswer(value, tolerance).Grade);

    private static PreparedAnswer Vector(IReadOnlyList<double> values, NumericTolerance tolerance) =>
        new("vector", ArrayAnswer.VectorSyntaxHelp, Show(values), [], ArrayAnswer.Vector([.. values.Select(v => (EntryReference)new NumberEntry(v, tolerance))]).Grade);

    private static PreparedAnswer Matrix(IReadOnlyList<IReadOnlyList<double>> rows, NumericTolerance tolerance) =>
        new("matrix", ArrayAnswer.MatrixSyntaxHelp, "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(Show)) + "]")) + "]", [],
            ArrayAnswer.Matrix([.. rows.Select(r => (IReadOnlyList<EntryReference>)[.. r.Select(v => (EntryReference)new NumberEntry(v, tolerance))])]).Grade);

    private static PreparedAnswer Sequence(IterateSequenceAnswer answer, string reference) =>
        new("sequence", IterateSequenceAnswer.SyntaxHelp, reference, [], answer.Grade);

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Show(IEnumerable<double> p)
    {
        var items = p.Select(Show).ToList();
        return items.Count == 1 ? items[0] : "(" + string.Join(", ", items) + ")";
    }

    private static SolverResult<PreparedAnswer> Ok(PreparedAnswer answer) => Solver.Ok(answer);

    private static SolverResult<PreparedAnswer> Fail(SolverFailure failure) => Solver.Fail<PreparedAnswer>(failure);
}
