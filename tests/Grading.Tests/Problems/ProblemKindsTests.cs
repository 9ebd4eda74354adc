using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

// Every problem kind beyond the derivative, through the facade the site calls: the answer box,
// a correct answer typed in another form, a wrong one, a malformed one (Invalid with a column).
public class ProblemKindsTests
{
    private static ProblemDefinition Read(string yaml)
    {
        var result = ProblemReader.Read(yaml, "test");
        return result.Problem ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    public static TheoryData<string, string, string, string, string> Kinds() => new()
    {
        {
            "number", """
            key: pd-at
            title: Partial at a point
            kind: partial_derivative
            variables: [x, y]
            function: "x^2*y + y^3"
            wrt: y
            at: { x: 1, y: 2 }
            statement: "s"
            """, "26/2", "12", "(13"
        },
        {
            "vector", """
            key: grad
            title: Gradient
            kind: gradient
            variables: [x, y]
            function: "x^2*y + y^3"
            statement: "s"
            """, "[y*2x, x^2 + 3y*y]", "(2xy, x^2)", "(2xy, x^2 +)"
        },
        {
            "matrix", """
            key: jac
            title: Jacobian
            kind: jacobian
            variables: [x, y]
            components: ["x^2 y", "x + sin(y)"]
            statement: "s"
            """, "[[2 x y, x^2], [1, cos(y)]]", "[[2 x y, 1], [x^2, cos(y)]]", "[[2 x y, x^2], [1, cos(y)]"
        },
        {
            "matrix", """
            key: hess
            title: Hessian at a point
            kind: hessian
            variables: [x, y]
            function: "x^3 + x*y + y^2"
            at: { x: 1, y: 0 }
            statement: "s"
            """, "[[6, 1], [1, 2]]", "[[3, 1], [1, 2]]", "[[6, 1], [1, 2]"
        },
        {
            "expression", """
            key: lin
            title: Linearisation
            kind: linearisation
            variables: [x, y]
            function: "x^2 + x*y"
            at: { x: 1, y: 1 }
            statement: "s"
            """, "3x + y - 2", "3x + y", "3x +"
        },
        {
            "sequence", """
            key: newton
            title: Newton
            kind: newton
            variables: [x]
            function: "x^2 - 2"
            start: ["1"]
            steps: 2
            statement: "s"
            """, "1.5, 1.416667", "1.5, 1.5", "1.5,, 2"
        },
        {
            "number", """
            key: newton-root
            title: Newton root
            kind: newton
            ask: root
            variables: [x]
            function: "x^2 - 2"
            start: ["1"]
            statement: "s"
            """, "sqrt(2)", "1.5", "sqrt(2"
        },
        {
            "vector", """
            key: gd
            title: Gradient descent
            kind: gradient_descent
            variables: [x, y]
            function: "x^2 + 2*y^2"
            start: ["1", "1"]
            step_size: "1/10"
            steps: 2
            statement: "s"
            """, "(16/25, 0.36)", "(1.44, 1.96)", "(0.64; 0.36)"
        },
        {
            "vector", """
            key: gd-min
            title: Minimiser
            kind: gradient_descent
            ask: minimiser
            variables: [x, y]
            function: "(x - 1)^2 + 2*(y + 2)^2"
            start: ["0", "0"]
            step_size: "0.1"
            statement: "s"
            """, "(1, -2)", "(0, 0)", "(1, -2"
        },
        {
            "point-set", """
            key: lag
            title: Lagrange
            kind: lagrange
            variables: [x, y]
            function: "x + y"
            constraints: ["x^2 + y^2 = 1"]
            statement: "s"
            """, "{(-1/sqrt(2), -1/sqrt(2)), (0.70710678, 0.70710678)}", "{(1, 0), (0, 1)}", "{(1, 0), (0, 1)"
        },
        {
            "number", """
            key: lag-min
            title: Lagrange minimum
            kind: lagrange
            ask: min
            variables: [x, y]
            function: "x + y"
            constraints: ["x^2 + y^2 - 1"]
            statement: "s"
            """, "-sqrt(2)", "sqrt(2)", "-sqrt(2"
        },
        {
            // Exact data on y = 2x + 1: slope 2, intercept 1.
            "vector", """
            key: linfit
            title: Linear fit
            kind: linear_fit
            variables: [x]
            function: "m*x + c"
            fit: [m, c]
            data: { x: [0, 1, 2, 3], y: [1, 3, 5, 7], sigma: 0.5 }
            statement: "s"
            """, "(2, 1)", "(1, 2)", "(2, 1"
        },
        {
            // Equal sigma 1 at x = 0..3: var(m) = 1/sum((x - xbar)^2) = 1/5, var(c) = sum x^2 / (n S) = 14/20.
            "vector", """
            key: linfit-u
            title: Uncertainties
            kind: linear_fit
            ask: uncertainties
            variables: [x]
            function: "m*x + c"
            fit: [m, c]
            data: { x: [0, 1, 2, 3], y: [1, 3, 5, 7], sigma: 1 }
            statement: "s"
            """, "(sqrt(1/5), sqrt(14/20))", "(1/5, 14/20)", "(sqrt(1/5), )"
        },
        {
            // chi^2 of the best line through (0,0), (1,1), (2,1) with sigma 1: residuals 1/6, -1/3, 1/6.
            "number", """
            key: chi2
            title: Chi-squared
            kind: linear_fit
            ask: chi_squared
            variables: [x]
            function: "m*x + c"
            fit: [m, c]
            data: { x: [0, 1, 2], y: [0, 1, 1], sigma: 1 }
            statement: "s"
            """, "1/6", "1/3", "1/"
        },
        {
            "vector", """
            key: nlfit
            title: Exponential decay
            kind: nonlinear_fit
            variables: [t]
            function: "A*exp(-k*t)"
            fit: [A, k]
            start: ["1", "1"]
            data: { x: [0, 1, 2, 3], y: [5, "5*exp(-0.5)", "5*exp(-1)", "5*exp(-1.5)"], sigma: 0.1 }
            statement: "s"
            """, "(5, 0.5)", "(5, 1)", "(5 0.5)"
        },
        {
            // One sigmoid neuron, z = 0, a = 1/2, half squared error to target 1: dL/dz = (a - 1) a (1 - a) = -1/8.
            "matrix", """
            key: bp
            title: Back-propagation
            kind: backprop
            variables: [x]
            layers:
              - { weights: [[1, -1]], biases: [0], activation: sigmoid }
            input: [2, 2]
            target: [1]
            statement: "s"
            """, "[[-1/4, -1/4]]", "[[1/4, 1/4]]", "[[-1/4, -1/4]"
        },
        {
            // nr15 of the numeric sample: F = (exp(x) - y, x + y - 2) from (0, 0), x1 = (0.5, 1.5).
            "sequence", """
            key: nsys
            title: Newton for a system
            kind: newton_system
            variables: [x, y]
            components: ["exp(x) - y", "x + y - 2"]
            start: ["0", "0"]
            steps: 2
            statement: "s"
            """, "(1/2, 3/2), (0.4438517, 1.5561483)", "(0.5, 1.5), (0.5, 1.5)", "(0.5, 1.5), (0.44"
        },
        {
            "classification", """
            key: stat
            title: Second-derivative test
            kind: stationary_points
            variables: [x, y]
            function: "x^3 + y^3 - 3*x*y"
            statement: "s"
            """, "{minimum (1, 1), (0, 0): saddle point}", "{(0, 0): saddle, (1, 1): maximum}", "{(0, 0): saddle, (1, 1: minimum}"
        },
        {
            "classification", """
            key: stat-at
            title: Is it a minimum?
            kind: stationary_points
            ask: class_at
            variables: [x, y]
            function: "x^2 + 3*x*y + y^2"
            at: { x: 0, y: 0 }
            statement: "s"
            """, "Saddle point", "minimum", "sadle"
        },
        {
            "point-set", """
            key: stat-minima
            title: Local minima
            kind: stationary_points
            ask: minima
            variables: [x, y]
            function: "x^4 - 2*x^2 + y^2"
            statement: "s"
            """, "{(1, 0), (-1, 0)}", "{(0, 0)}", "{(1, 0), (-1, 0}"
        },
        {
            // ty04 of the numeric sample: the first-order Taylor value of sqrt(x^2 + y^2) about (3, 4) at (3.1, 3.9).
            "number", """
            key: val
            title: A Taylor value
            kind: value
            of: taylor
            order: 1
            variables: [x, y]
            function: "sqrt(x^2+y^2)"
            about: ["3", "4"]
            at: { x: 3.1, y: 3.9 }
            statement: "s"
            """, "4.98", "4.98196748", "4.98)"
        },
        {
            "number", """
            key: dd
            title: A directional derivative
            kind: value
            of: directional_derivative
            variables: [x, y]
            function: "x^2*y"
            at: { x: 1, y: 2 }
            direction: ["3", "4"]
            statement: "s"
            """, "16/5", "4", "16/"
        },
        {
            "point-set", """
            key: lag-domain
            title: On the positive orthant
            kind: lagrange
            ask: argmin
            variables: [x, y]
            function: "x + y"
            constraints: ["x*y = 4"]
            domain: { x: "> 0", y: "> 0" }
            statement: "s"
            """, "{(2, 2)}", "{(2, 2), (-2, -2)}", "{(2, 2)"
        },
        {
            // lg11 of the numeric sample: the entropy's maximiser and multiplier, grad f = lambda grad g.
            "point-set", """
            key: lag-multipliers
            title: Multipliers
            kind: lagrange
            ask: multipliers
            variables: [x, y]
            function: "-x*log(x) - y*log(y)"
            constraints: ["x + y = 1"]
            domain: { x: "(0, 1)", y: "(0, 1)" }
            statement: "s"
            """, "{(0.5, 0.5, log(2) - 1)}", "{(0.5, 0.5, 1 - log(2))}", "{(0.5, 0.5)}"
        },
        {
            "classification", """
            key: lag-classify
            title: Classified on an ellipse
            kind: lagrange
            ask: classify
            variables: [x, y]
            function: "x^2 + 2*y^2"
            constraints: ["x^2 + y^2 = 1"]
            statement: "s"
            """, "{(1, 0): min, (-1, 0): min, (0, 1): max, (0, -1): max}", "{(1, 0): max, (-1, 0): max, (0, 1): min, (0, -1): min}", "{(1, 0) min, (-1, 0): min, (0, 1): max, (0, -1)}"
        },
        {
            // Backtracking from t = 1, halving until f(x - t g) <= f(x) - t |g|^2 / 2: x1 = (0.75, 0), x2 = (0, 0).
            "sequence", """
            key: gd-line
            title: A line search
            kind: gradient_descent
            ask: iterates
            variables: [x, y]
            function: "x^2 + 4*y^2"
            start: ["1", "1"]
            line_search: { initial: 1, shrink: 0.5, armijo: 0.5 }
            steps: 2
            statement: "s"
            """, "(3/4, 0), (0, 0)", "(0.5, -1), (0, 0)", "(3/4, 0), (0, 0"
        },
        {
            // One softmax layer with zero weights: yhat = softmax(b) = (1/2, 1/2), dL/db = yhat - y.
            "vector", """
            key: softmax
            title: Softmax
            kind: backprop
            variables: [x]
            layers:
              - { weights: [[0, 0], [0, 0]], biases: [1, 1], activation: softmax }
            input: [1, 2]
            target: [1, 0]
            loss: categorical_cross_entropy
            ask: biases
            statement: "s"
            """, "(-1/2, 1/2)", "(1/2, -1/2)", "(-1/2, 1/2"
        },
        {
            // nl03 of the numeric sample: the standard errors of A and tau.
            "vector", """
            key: nl-errors
            title: Non-linear standard errors
            kind: nonlinear_fit
            ask: uncertainties
            variables: [x]
            function: "A*exp(-x/tau)"
            fit: [A, tau]
            start: ["8", "1"]
            data: { x: [0, 0.4, 0.8, 1.2, 1.6, 2.0, 2.4, 2.8, 3.2, 3.6, 4.0, 4.4, 4.8, 5.2, 5.6, 6.0], y: [9.7305, 7.8638, 6.7235, 5.5701, 3.9084, 3.6853, 2.7661, 2.0141, 1.6086, 1.3456, 1.0483, 0.787, 0.6034, 0.5835, 0.4123, 0.4001], sigma: [0.51, 0.4104, 0.3306, 0.2667, 0.2156, 0.1746, 0.1418, 0.1155, 0.0945, 0.0777, 0.0642, 0.0534, 0.0447, 0.0378, 0.0323, 0.0278] }
            statement: "s"
            """, "(0.2586568, 0.0257707)", "(0.0257707, 0.2586568)", "(0.2586568, )"
        },
        {
            // chi^2 of the best line through (0,0), (1,1), (2,1) with sigma 1 is 1/6, on 3 - 2 = 1 degree of freedom.
            "number", """
            key: chi2-dof
            title: Reduced chi-squared
            kind: linear_fit
            ask: reduced_chi_squared
            variables: [x]
            function: "m*x + c"
            fit: [m, c]
            data: { x: [0, 1, 2], y: [0, 1, 1], sigma: 1 }
            statement: "s"
            """, "1/6", "1/12", "1/"
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Kind_CorrectInAnotherForm_Wrong_AndMalformed(string answerKind, string yaml, string correct, string wrong, string malformed)
    {
        var problem = Read(yaml);
        var rendered = problem.Variant(3).Render();
        Assert.Equal(answerKind, rendered.AnswerKind.Name());
        Assert.False(string.IsNullOrWhiteSpace(rendered.AnswerSyntaxHelp));
        Assert.NotNull(problem.Variant(3).ReferenceText);

        var right = problem.Variant(3).Grade(correct);
        Assert.True(right.Verdict == GradeVerdict.Correct, right.Feedback);
        Assert.Equal(1, right.Score);

        var mistaken = problem.Variant(3).Grade(wrong);
        Assert.Contains(mistaken.Verdict, new[] { GradeVerdict.Incorrect, GradeVerdict.PartiallyCorrect });
        Assert.True(mistaken.Score < 1);

        var invalid = problem.Variant(3).Grade(malformed);
        Assert.Equal(GradeVerdict.Invalid, invalid.Verdict);
        Assert.NotNull(invalid.ErrorColumn);
        var preview = problem.Variant(3).Preview(malformed);
        Assert.False(preview.Ok);
        Assert.NotNull(preview.Column);
        Assert.True(problem.Variant(3).Preview(correct).Ok);
    }

    [Fact]
    public void Gradient_OneComponentRight_IsPartialCredit()
    {
        var problem = Read(Kinds().Select(row => (string)row[1]).First(y => y.Contains("kind: gradient\n", StringComparison.Ordinal)));
        var grade = problem.Variant(0).Grade("(2xy, x^2)");
        Assert.Equal(GradeVerdict.PartiallyCorrect, grade.Verdict);
        Assert.Equal(0.5, grade.Score);
        Assert.Contains("1 of 2", grade.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradient_WrongShape_IsInvalidWithMessage()
    {
        var problem = Read(Kinds().Select(row => (string)row[1]).First(y => y.Contains("kind: gradient\n", StringComparison.Ordinal)));
        var grade = problem.Variant(0).Grade("(2xy, x^2 + 3y^2, 0)");
        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Contains("2 components", grade.Feedback, StringComparison.Ordinal);
        Assert.NotNull(grade.ErrorColumn);
    }

    private const string Randomised = """
        key: hess-random
        title: Hessian at the origin
        kind: hessian
        variables: [x, y]
        parameters:
          a: { int: [-3, 3] }
          b: { int: [0, 2] }
        function: "a*x^2 + b*x*y + y^2"
        at: { x: 0, y: 0 }
        conditions: [hessian_nonsingular, "a != 0"]
        statement: "Find the Hessian of $f = {{f}}$ at {{at}}."
        tests:
          correct: ["[[2a, b], [b, 2]]"]
          wrong:
            - { answer: "[[a, b], [b, 1]]", diagnosis: partial }
            - { answer: "[[2a, b]]", diagnosis: invalid }
        """;

    [Fact]
    public void Conditions_RejectSingularVariants_Deterministically()
    {
        var problem = Read(Randomised);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 60; seed++)
        {
            var reference = problem.Variant(seed).ReferenceText;
            Assert.True(reference is not null, problem.Variant(seed).Failure);
            Assert.Equal(reference, problem.Variant(seed).ReferenceText);
            // [[2a, b], [b, 2]] is singular when 4a = b^2 (a = 1, b = 2) and the condition excludes a = 0.
            Assert.DoesNotContain("[[0,", reference.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("[[2, 2], [2, 2]]", reference, StringComparison.Ordinal);
            seen.Add(reference);
        }
        Assert.True(seen.Count >= 10, $"only {seen.Count} variants over 60 seeds");
        Assert.Empty(ProblemValidator.Validate(problem, [.. Enumerable.Range(0, 20)]));
    }

    [Fact]
    public void NoisyData_AreDrawnPerSeed_AndReproduced()
    {
        const string yaml = """
            key: noisy
            title: Noisy line
            kind: linear_fit
            variables: [x]
            parameters: { s: { decimal: [1, 3, 0.5] } }
            function: "m*x + c"
            fit: [m, c]
            data: { x: [0, 1, 2, 3, 4], model: "s*x + 1", noise: "0.2", sigma: 0.2 }
            statement: "{{data}}"
            tests:
              correct: ["{{ref}}"]
              wrong:
                - { answer: "(0, 0)", diagnosis: none }
                - { answer: "(1, 2, 3)", diagnosis: invalid }
            """;
        var problem = Read(yaml);
        var statements = Enumerable.Range(0, 8).Select(s => problem.Variant(s).Render().StatementMarkdown).ToList();
        Assert.Equal(statements, Enumerable.Range(0, 8).Select(s => problem.Variant(s).Render().StatementMarkdown));
        Assert.True(statements.Distinct().Count() >= 7);
        Assert.All(statements, s => Assert.Contains("| $x$ | $y$ | $\\sigma$ |", s, StringComparison.Ordinal));
        Assert.Empty(ProblemValidator.Validate(problem, [.. Enumerable.Range(0, 10)]));
    }

    [Fact]
    public void UnsolvableVariant_IsUndeterminedNotAWrongReference()
    {
        const string yaml = """
            key: no-root
            title: No root
            kind: newton
            ask: root
            variables: [x]
            function: "x^2 + 1"
            start: ["1"]
            statement: "s"
            """;
        var problem = Read(yaml);
        Assert.Null(problem.Variant(0).ReferenceText);
        Assert.False(string.IsNullOrEmpty(problem.Variant(0).Failure));
        Assert.Equal(GradeVerdict.Undetermined, problem.Variant(0).Grade("0").Verdict);
        Assert.NotEmpty(ProblemValidator.Validate(problem, [0]));
    }

    [Theory]
    [InlineData("ask: sideways", "'ask: sideways' is not known")]
    [InlineData("steps: 0", "'steps' must be between 1 and 50")]
    [InlineData("start: [\"1\", \"2\"]", "one value per variable")]
    public void SpecErrors_NameTheKeyAndLine(string line, string message)
    {
        var yaml = $"""
            key: n
            title: N
            kind: newton
            variables: [x]
            function: "x^2 - 2"
            statement: "s"
            {line}
            """;
        if (!line.StartsWith("start", StringComparison.Ordinal))
        {
            yaml += "\nstart: [\"1\"]";
        }
        if (!line.StartsWith("steps", StringComparison.Ordinal))
        {
            yaml += "\nsteps: 2";
        }
        var result = ProblemReader.Read(yaml, "n.yaml");
        Assert.Null(result.Problem);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(7, error.Line);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{{{{{{")]
    [InlineData("[[1, 2], [3]]")]
    [InlineData("{(1, 2), (3)}")]
    public void OddAnswers_NeverThrow(string? answer)
    {
        foreach (var row in Kinds())
        {
            var problem = Read((string)row[1]);
            var grade = problem.Variant(1).Grade(answer!);
            Assert.DoesNotContain("Internal error", grade.Feedback, StringComparison.Ordinal);
            _ = problem.Variant(1).Preview(answer!);
        }
    }
}
