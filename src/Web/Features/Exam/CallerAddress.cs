using System.Net;

namespace GraderHub.Web.Features.Exam;

// The address an exam's networks are checked against: the connection's RemoteIpAddress as the
// framework resolved it. Behind a reverse proxy that is the proxy's address unless the site is
// configured with ForwardedHeaders and the proxy listed in KnownProxies/KnownNetworks (README,
// "Exams behind a proxy"); a client-sent X-Forwarded-For is never read here.
public sealed class CallerAddress(IHttpContextAccessor http)
{
    public IPAddress? Value => http.HttpContext?.Connection.RemoteIpAddress;
}
