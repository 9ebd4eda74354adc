using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GraderHub.Web.Tests.Infrastructure;

// The in-memory test server has no client address. A test that needs clients of its own (the
// sign-in throttle counts per client) names one in this header; requests without it come from
// 127.0.0.1, like a browser on this machine.
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress = http.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address)
                ? address
                : IPAddress.Loopback;
            return nextMiddleware(http);
        });
        next(app);
    };

    // A fresh address for each call, so one test's failures never slow another's sign-ins.
    public static string NewAddress() => "10." + string.Join('.', Guid.NewGuid().ToByteArray()[..3]);
}
