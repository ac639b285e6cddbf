using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// The client's address, which rate limits and the request log go by. Behind a reverse proxy every request
/// comes from the proxy, so <c>X-Forwarded-For</c> is read, but only from the proxies configured in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges):
/// from anyone else it would let a client pick its own address. With neither configured the header is ignored.
/// </summary>
public static class ClientAddress
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddClientAddresses(this IServiceCollection services, IConfiguration configuration)
    {
        string[] Proxies() => ConfigurationList.Read(configuration, $"{Section}:KnownProxies");
        string[] Networks() => ConfigurationList.Read(configuration, $"{Section}:KnownNetworks");
        // Read when the options are first needed (at start, by ValidateOnStart), so every configuration source is in.
        services.AddOptions<ForwardedHeadersOptions>().Configure(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the operator configured is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in Proxies())
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new OptionsValidationException(Section, typeof(ForwardedHeadersOptions), [$"{Section}:KnownProxies: '{proxy}' is not an IP address."]));
            foreach (var network in Networks())
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range) ? range
                    : throw new OptionsValidationException(Section, typeof(ForwardedHeadersOptions), [$"{Section}:KnownNetworks: '{network}' is not a CIDR range such as 172.16.0.0/12."]));
            // Every trusted proxy in a chain may add its hop; an untrusted hop ends the walk anyway.
            options.ForwardLimit = null;
        }).ValidateOnStart();
        services.Configure<ClientAddressOptions>(o => o.TrustForwardedHeaders = Proxies().Length + Networks().Length > 0);
        return services;
    }

    /// <summary>Applies X-Forwarded-For from trusted proxies; does nothing when none are configured.</summary>
    public static IApplicationBuilder UseClientAddresses(this IApplicationBuilder app)
    {
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<ClientAddressOptions>>().Value.TrustForwardedHeaders;
        return trusted ? app.UseForwardedHeaders() : app;
    }

    /// <summary>
    /// Who a limit counts against: the client's IPv4 address, or its IPv6 /64 network (one subscriber
    /// usually has a whole /64, so single IPv6 addresses are free to rotate through).
    /// </summary>
    public static string KeyOf(HttpContext context) => KeyOf(context.Connection.RemoteIpAddress);

    /// <summary>The address as logs hash it: an IPv4 address mapped into IPv6 as plain IPv4.</summary>
    public static string TextOf(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    public static string KeyOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
