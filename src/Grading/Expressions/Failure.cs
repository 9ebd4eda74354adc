namespace GraderHub.Grading.Expressions;

// Public entry points take untrusted text and must never throw. Each catches at its boundary and
// turns the failure into a result. Expected failures (too deep, too large) have their own messages;
// anything else is labelled "Internal error" so that the fuzz tests, which look for that label,
// still find the bug instead of it being silently absorbed. Cancellation is not a failure: it
// passes every boundary, so a grading stopped at its time limit ends where the caller asked.
internal static class Failure
{
    public const string InternalErrorLabel = "Internal error";

    public static bool IsRecoverable(Exception ex) =>
        ex is not (OperationCanceledException or (OutOfMemoryException and not InsufficientMemoryException));

    public static bool IsExpected(Exception ex) =>
        ex is InsufficientExecutionStackException or ArithmeticException or InsufficientMemoryException;

    public static string Describe(Exception ex, string expectedMessage) =>
        IsExpected(ex) ? expectedMessage : $"{InternalErrorLabel} ({ex.GetType().Name}); please report this answer.";
}
