namespace GraderHub.Grading.Answers;

// What grading and previewing an answer produce. They live with the answers, below the problems
// that build them, so Answers depends on nothing of Problems.
public enum GradeVerdict { Correct, PartiallyCorrect, Incorrect, Undetermined, Invalid }

public sealed record GradeResult(GradeVerdict Verdict, double Score, string Feedback, int? ErrorColumn)
{
    // The named slip (see DiagnosisKind) for an incorrect or invalid answer; checked by self-tests.
    public string? Diagnosis { get; init; }

    // The same feedback with the expected values shown, where it differs (iterates). Only
    // Variant.Grade reads it, choosing by FeedbackDetail; it never leaves the engine.
    internal string? FeedbackWithValues { get; init; }
}

public sealed record AnswerPreview(bool Ok, string? Latex, string? Text, string? Error, int? Column)
{
    public static AnswerPreview Read(string latex, string text) => new(true, latex, text, null, null);

    public static AnswerPreview Fail(string error, int column) => new(false, null, null, error, column);

    // A grade's Invalid (the same message and column), as the preview of the answer that got it.
    public static AnswerPreview Fail(GradeResult invalid) => new(false, null, null, invalid.Feedback, invalid.ErrorColumn ?? 1);
}
