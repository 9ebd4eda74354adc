using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Errors;
using GraderHub.Web.Tests.Infrastructure;

namespace GraderHub.Web.Tests.Errors;

// A 4xx without a body of its own reaches a person as a page (or, for the API, JSON) with a
// sentence saying what happened, never a bare status or a "something went wrong on our side".
[Collection(WebCollection.Name)]
public sealed class ErrorPageTests(WebHostFixture host)
{
    [Fact]
    public async Task Page_WrongMethod_Is405WithAHumanMessage()
    {
        var browser = await host.SignedInClientAsync(await host.CreateUserAsync(Roles.Student));

        var response = await browser.PutAsync("/account/login", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(ErrorsController.Message(405)), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WrongMethod_Is405WithAJsonError()
    {
        var api = await host.BearerClientAsync(await host.CreateUserAsync(Roles.Student));

        var response = await api.DeleteAsync("/api/submissions/1");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ErrorsController.Message(405), body.GetProperty("error").GetString());
    }

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
