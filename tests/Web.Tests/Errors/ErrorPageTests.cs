using GraderHub.Web.Features.Errors;

namespace GraderHub.Web.Tests.Errors;

// A 4xx without a body of its own is re-executed to /error/{code} (a page, or JSON for the API)
// with a sentence saying what happened, never "something went wrong on our side".
public sealed class ErrorPageTests
{
    [Theory]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(415)]
    [InlineData(429)]
    [InlineData(418)]
    public void Message_ForEveryClientError_SaysWhatHappened_AndDoesNotBlameTheSite(int status) =>
        Assert.DoesNotContain("on our side", ErrorsController.Message(status), StringComparison.Ordinal);
}
