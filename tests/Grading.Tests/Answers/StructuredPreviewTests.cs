using GraderHub.Grading.Answers;

namespace GraderHub.Grading.Tests.Answers;

public class StructuredPreviewTests
{
    private static readonly string[] XY = ["x", "y"];

    [Fact]
    public void Preview_Matrix_IsABracketMatrixOfTheReadEntries()
    {
        var preview = StructuredPreview.Preview("[[2y, 2x], [2x, 6y]]", XY);

        Assert.True(preview.Ok);
        Assert.StartsWith(@"\begin{bmatrix}", preview.Latex, StringComparison.Ordinal);
        Assert.Contains(@" \\ ", preview.Latex, StringComparison.Ordinal);
        Assert.Contains(" & ", preview.Latex, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(preview.Latex!, @" \\ "));
    }

    [Fact]
    public void Preview_SetOfPoints_UsesBracesAndShowsEveryPoint()
    {
        var preview = StructuredPreview.Preview("{(1, 2), (-1, -2)}", []);

        Assert.True(preview.Ok);
        Assert.StartsWith(@"\left\{", preview.Latex, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(preview.Latex!, @"\left("));
        Assert.Equal("{(1, 2), (-1, -2)}", preview.Text);
    }

    [Fact]
    public void Preview_ErrorInAnEntry_ReportsItsColumnInTheWholeAnswer()
    {
        var preview = StructuredPreview.Preview("[2x, 3y^]", XY);

        Assert.False(preview.Ok);
        Assert.Equal(9, preview.Column);
    }

    [Fact]
    public void Preview_UnknownName_IsAnError()
    {
        var preview = StructuredPreview.Preview("[2x, 3z]", XY);

        Assert.False(preview.Ok);
        Assert.Equal(7, preview.Column);
    }

    [Fact]
    public void Preview_UnbalancedBrackets_ReportsTheStructureError()
    {
        var preview = StructuredPreview.Preview("[[1, 2], [3, 4]", []);

        Assert.False(preview.Ok);
        Assert.Equal(1, preview.Column);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
