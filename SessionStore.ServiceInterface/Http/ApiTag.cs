namespace SessionStore.ServiceInterface.Http;

/// <summary>Endpoint metadata: the OpenAPI tag a feature's endpoints are grouped under, and the one sentence that describes it.</summary>
public sealed record ApiTag(string Name, string Description);

public static class ApiTags
{
    /// <summary>Tags the endpoints, and gives the tag its description in the OpenAPI document.</summary>
    public static TBuilder WithApiTag<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new ApiTag(name, description));
}
