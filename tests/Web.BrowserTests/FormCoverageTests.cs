using System.Globalization;
using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// Every form of the site is submitted by the browser at least once and accepted (past its
// antiforgery check, answered below 400) in this run: the form posts of the route table, as the
// sites the suite started list them, against what the browser posted (FormPosts). A new form
// fails here until a browser test fills it in and checks what it did. Runs after every other
// class; run alone (or with a filter) it fails, truthfully, for the forms that run did not submit.
[Collection(RunsLast.Name)]
public sealed class FormCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryFormPostOfTheSite_WasSubmittedByTheBrowser_AndAccepted()
    {
        var expected = FormPosts.ExpectedTemplates();
        var seen = FormPosts.Snapshot();
        foreach (var template in expected.Order(StringComparer.Ordinal))
        {
            var tally = seen.GetValueOrDefault(template) ?? new FormPosts.Tally(0, 0);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST /{template}: {tally.Accepted} accepted, {tally.Refused} refused"));
        }

        Assert.True(expected.Count > 0, "no site was started in this run, so no form was submitted");
        var unsubmitted = expected.Where(t => seen.GetValueOrDefault(t) is not { Accepted: > 0 }).Order(StringComparer.Ordinal).ToList();
        Assert.True(unsubmitted.Count == 0,
            "forms the browser suite never submitted successfully: " + string.Join(", ", unsubmitted.Select(t => "POST /" + t)));
    }
}
