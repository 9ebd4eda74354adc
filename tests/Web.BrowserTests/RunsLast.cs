using Xunit.Abstractions;

namespace GraderHub.Web.BrowserTests;

// Tests that judge the whole run (which forms the browser submitted) go after every other class:
// the other collections run in the order of their names, this one last.
[CollectionDefinition(Name)]
public sealed class RunsLast
{
    public const string Name = "Runs after every other test class";
}

public sealed class RunsLastOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == RunsLast.Name).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
