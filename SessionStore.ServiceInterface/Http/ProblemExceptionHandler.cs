using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// Turns the exceptions that are not the service's fault into problem responses: a request the framework
/// could not read (malformed JSON, wrong types, unknown fields, too large, wrong content type) is the
/// client's 4xx; storage that cannot take writes, or cannot be reached, is a 503. Everything else stays a logged 500.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStorageProvider storage, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A read that meets the same fault a write would (a PostgreSQL server that cannot be reached) says so the same way.
        exception = storage.Classify(exception);
        var problem = Innermost(exception) switch
        {
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status400BadRequest ? "Bad request" : null,
                Detail = DescribeBadRequest(bad),
            },
            StorageUnavailableException unavailable => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"{unavailable.Message} Nothing was stored; try again later.",
            },
            StorageOverloadedException overloaded => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service overloaded",
                Detail = overloaded.Message,
            },
            _ => null,
        };
        if (problem is null) return false;
        if (exception is StorageOverloadedException { RetryAfter: var retryAfter })
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (exception is StorageUnavailableException)
            logger.LogWarning("A write was refused with 503: {Reason}", exception.Message);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A body over Kestrel's limit surfaces as a 400 "could not read" wrapping the 413 that says why.</summary>
    private static Exception Innermost(Exception exception) =>
        exception is BadHttpRequestException { InnerException: BadHttpRequestException inner } ? Innermost(inner) : exception;

    private static string DescribeBadRequest(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: { } path } json => $"The JSON body is not valid at '{path}': {JsonReason(json)}",
        JsonException => "The body is not valid JSON.",
        _ => bad.Message,
    };

    // The serializer's messages name .NET types; say what the client can fix instead.
    private static string JsonReason(JsonException json) => json.Message switch
    {
        var m when m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) => "this property is not part of the request.",
        var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "the property appears more than once.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "the value has the wrong type or is out of range.",
        _ => "the JSON is malformed or incomplete.",
    };
}
