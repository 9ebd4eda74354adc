namespace GraderHub.Grading.Problems.Kinds;

// The first-order Taylor polynomial about 'at' (the tangent line or plane).
internal sealed class Linearisation : ProblemKind
{
    public override string Name => "linearisation";

    public override IReadOnlyList<string> Keys => ["at"];

    public override KindSpec? Read(KindReader reader)
    {
        var at = reader.Point(required: true, "A linearisation problem needs 'at', the point, like { x: 0 }.");
        return reader.Ok && at is not null ? new TaylorSpec(at, 1, "L") : null;
    }
}
