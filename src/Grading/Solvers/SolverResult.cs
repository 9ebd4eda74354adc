using System.Diagnostics.CodeAnalysis;

namespace GraderHub.Grading.Solvers;

// Why a reference could not be computed. A grader that gets one of these rejects the variant
// instead of grading students against a wrong number.
public enum SolverFailureKind
{
    DidNotConverge,
    Singular,
    Infeasible,
    NonFinite,
    InvalidInput,
}

public sealed record SolverFailure(SolverFailureKind Kind, string Message);

// Either a value or a typed failure, never both. Solvers return this instead of throwing so that
// a bad variant is a value the caller must look at.
public sealed class SolverResult<T>
    where T : class
{
    private SolverResult(T? value, SolverFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public SolverFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Value is not null;

    internal static SolverResult<T> Ok(T value) => new(value, null);

    internal static SolverResult<T> Fail(SolverFailure failure) => new(null, failure);

    // The value, or an exception naming the failure: for callers (tests, CLI) that have already
    // decided a failure is a bug.
    public T Expect() =>
        Value ?? throw new InvalidOperationException($"{Failure!.Kind}: {Failure.Message}");

    public override string ToString() => Succeeded ? $"Ok({Value})" : $"Fail({Failure.Kind}: {Failure.Message})";
}

internal static class Solver
{
    public static SolverResult<T> Ok<T>(T value)
        where T : class => SolverResult<T>.Ok(value);

    public static SolverResult<T> Fail<T>(SolverFailureKind kind, string message)
        where T : class => SolverResult<T>.Fail(new SolverFailure(kind, message));

    public static SolverResult<T> Fail<T>(SolverFailure failure)
        where T : class => SolverResult<T>.Fail(failure);
}
