using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>A player name: 1-32 characters after trimming, with no control characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlayerNameAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string name) return ValidationResult.Success;
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > Limits.PlayerNameLength)
            return Invalid.Because(validationContext, $"must be 1 to {Limits.PlayerNameLength} characters after trimming");
        if (trimmed.Any(char.IsControl))
            return Invalid.Because(validationContext, "must not contain control characters");
        return ValidationResult.Success;
    }
}
