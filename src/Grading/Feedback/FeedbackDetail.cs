namespace GraderHub.Grading.Feedback;

// How much of the reference a grade's feedback may show. Words (the default) names what is wrong
// and what was expected of it without the expected values, so the next attempt is not a copy;
// Values adds them, for a caller that may show the solution (the set's solution policy released
// it, or staff).
public enum FeedbackDetail { Words, Values }
