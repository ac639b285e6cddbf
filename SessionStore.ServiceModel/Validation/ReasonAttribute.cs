using System.ComponentModel.DataAnnotations;
using System.Linq;

namespace SessionStore.ServiceModel;

/// <summary>Why an admin made a change, for the audit log: 1-200 characters after trimming, no control characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ReasonAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string reason) return ValidationResult.Success;
        var trimmed = reason.Trim();
        if (trimmed.Length is 0 or > Limits.ReasonLength)
            return Invalid.Because(validationContext, $"must be 1 to {Limits.ReasonLength} characters after trimming");
        return trimmed.Any(char.IsControl) ? Invalid.Because(validationContext, "must not contain control characters") : ValidationResult.Success;
    }
}
