namespace GraderHub.Web.Features.Authoring;

public static class AuthoringServices
{
    public static IServiceCollection AddGraderHubAuthoring(this IServiceCollection services) =>
        services.AddScoped<ProblemEditor>().AddScoped<SetTransfer>().AddScoped<Hints.RevealHint>();
}
