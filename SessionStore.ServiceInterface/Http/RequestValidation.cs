using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// Validates every request DTO (any argument whose type comes from SessionStore.ServiceModel) against
/// its data annotations before the handler runs. The same annotations describe the limits in OpenAPI.
/// Errors are keyed and worded with the JSON (camelCase) names the client sent.
/// </summary>
public static class RequestValidation
{
    private static readonly Assembly ContractAssembly = typeof(Session).Assembly;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ValidatedProperties = new();

    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var argument in context.Arguments)
                if (argument is not null && argument.GetType().Assembly == ContractAssembly)
                    Validate(argument, errors);
            return errors.Count == 0 ? await next(context) : TypedResults.ValidationProblem(errors);
        });
        builder.WithMetadata(new ProducesResponseTypeMetadata(
            StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        return builder;
    }

    private static void Validate(object request, Dictionary<string, string[]> errors)
    {
        foreach (var property in PropertiesToValidate(request.GetType()))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var context = new ValidationContext(request) { MemberName = property.Name, DisplayName = name };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(property.GetValue(request), context, results))
                errors[name] = [.. results.Select(r => r.ErrorMessage ?? $"{name} is not valid.")];
        }
    }

    private static PropertyInfo[] PropertiesToValidate(Type type) =>
        ValidatedProperties.GetOrAdd(type, t => [.. t.GetProperties().Where(p => p.IsDefined(typeof(ValidationAttribute), inherit: true))]);
}
