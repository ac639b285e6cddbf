using System.ComponentModel.DataAnnotations;
using System.Linq;

namespace SessionStore.ServiceModel;

/// <summary>A player id: 1-64 printable ASCII characters without spaces, such as a UUID the client keeps.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlayerIdAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string id) return ValidationResult.Success;
        return id.Length is >= 1 and <= Limits.PlayerIdLength && id.All(c => c is >= '!' and <= '~')
            ? ValidationResult.Success
            : Invalid.Because(validationContext, $"must be 1 to {Limits.PlayerIdLength} printable ASCII characters without spaces");
    }
}
