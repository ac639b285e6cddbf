using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>The request DTOs are the contract: each is an endpoint at the route it declares, named after it, answering what it declares.</summary>
public sealed class ContractTests : ServiceFixture
{
    private IReadOnlyList<RouteEndpoint> endpoints = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Admin:ApiKey"] = "contract-tests-admin-key-0123456789abcdef" };

    protected override Task OnStartedAsync()
    {
        _ = Service.Server;
        endpoints = [.. Service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];
        return Task.CompletedTask;
    }

    public static IEnumerable<TestCaseData> RequestTypes() =>
        typeof(Session).Assembly.GetTypes()
            .Where(type => type.GetCustomAttribute<RouteAttribute>() is not null)
            .Select(type => new TestCaseData(type).SetArgDisplayNames(type.Name));

    [TestCaseSource(nameof(RequestTypes))]
    public void A_request_DTO_is_one_endpoint_at_its_route_named_after_it(Type request)
    {
        var route = request.GetCustomAttribute<RouteAttribute>()!;

        var mapped = endpoints.Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == request.Name).ToList();

        Assert.That(mapped, Has.Count.EqualTo(1), $"{request.Name} is mapped once");
        Assert.That(mapped[0].RoutePattern.RawText, Is.EqualTo(route.Path));
        Assert.That(mapped[0].Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods, Is.EqualTo(new[] { route.Verb }));
    }

    [TestCaseSource(nameof(RequestTypes))]
    public void A_request_DTO_declares_what_its_endpoint_answers_with_on_success(Type request)
    {
        var declared = request.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReturn<>)).GetGenericArguments()[0];
        var endpoint = endpoints.Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == request.Name);

        var success = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode is >= 200 and < 300).ToList();

        Assert.That(success.Select(p => p.Type), Has.Some.EqualTo(declared), $"{request.Name} answers {declared.Name}");
    }

    [Test]
    public void Every_endpoint_of_the_API_comes_from_a_request_DTO()
    {
        var contract = RequestTypes().Select(c => ((Type)c.Arguments[0]!).Name).ToHashSet();

        var api = endpoints.Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) || e.RoutePattern.RawText!.StartsWith("/health/", StringComparison.Ordinal));

        Assert.That(api.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName), Is.All.Matches<string?>(name => name is not null && contract.Contains(name)));
    }

    [TestCaseSource(nameof(RequestTypes))]
    public void A_route_names_only_properties_of_its_DTO(Type request)
    {
        var route = request.GetCustomAttribute<RouteAttribute>()!;
        var properties = request.GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var placeholders = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route.Path).Parameters.Select(p => p.Name);

        Assert.That(placeholders, Is.All.Matches<string>(properties.Contains));
    }
}
