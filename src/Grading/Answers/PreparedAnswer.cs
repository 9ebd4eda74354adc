using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Answers;

// One answer type: it reads the student's text (shape, entries) once for both roads, so whatever
// the preview accepts is what grading reads, and a shape error is Invalid on both.
public interface IAnswer
{
    // ct is the grading's time limit: the engine's loops check it and end with
    // OperationCanceledException, which no boundary turns into a verdict.
    GradeResult Grade(string? answer, CancellationToken ct);

    AnswerPreview Preview(string? answer);
}

// A variant's answer box once its reference is computed: the kind of answer, the reference (for
// `graderhub reference` and instructors), grading and the live preview. Grade and Preview never
// throw: whatever escapes a grader becomes Undetermined, for review.
public sealed class PreparedAnswer(AnswerKind kind, string reference, IAnswer reader, IReadOnlyList<string> variables)
{
    public AnswerKind Kind { get; } = kind;

    public string Reference { get; } = reference;

    // The names an entry may use (expression answers); empty for numbers.
    public IReadOnlyList<string> Variables { get; } = variables;

    // The reference as LaTeX when the kind has a better form than the preview of its text.
    public string? ReferenceLatex { get; init; }

    // The tolerance its numbers are graded with (null for expression answers): what the
    // statement's precision words are made from (Precision), so they say what grading accepts.
    public NumericTolerance? Tolerance { get; init; }

    // Set when the reference itself cannot grade anything (undefined almost everywhere).
    public string? AuthoringIssue { get; init; }

    public GradeResult Grade(string? answer, CancellationToken ct = default)
    {
        try
        {
            return reader.Grade(answer, ct);
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
            return reader.Preview(answer);
        }
        catch (Exception ex) when (Failure.IsRecoverable(ex))
        {
            return AnswerPreview.Fail(Failure.Describe(ex, "The answer is too complex to preview."), 1);
        }
    }
}
