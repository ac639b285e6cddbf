namespace SessionStore.ServiceModel;

/// <summary>
/// The path and verb of the operation a request DTO stands for, as in ServiceStack: the service maps its endpoint from it
/// and the client builds its request from it, so neither spells the route. Placeholders name the DTO's properties
/// (<c>{id}</c> is <c>Id</c>); a constraint after a colon (<c>{id:guid}</c>) is the server's. The path is the route template
/// exactly as the request log and the metrics name it, trailing slash included where a collection has one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RouteAttribute(string path, string verb) : Attribute
{
    public string Path { get; } = path;

    /// <summary>GET, POST, PATCH, PUT or DELETE.</summary>
    public string Verb { get; } = verb;
}
