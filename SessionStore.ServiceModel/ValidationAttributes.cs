using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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

/// <summary>A game name: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class GameNameAttribute : RegularExpressionAttribute
{
    public GameNameAttribute() : base("^[A-Za-z0-9_.-]{1,64}$") =>
        ErrorMessage = "{0} must be 1 to 64 of the characters A-Z, a-z, 0-9, '_', '.' and '-'.";

    // The base class lets an empty string pass; a game name is never empty.
    public override bool IsValid(object? value) => value is not "" && base.IsValid(value);
}

/// <summary>A JSON object whose compact serialization is at most the given number of UTF-8 bytes.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxJsonSizeAttribute(int maxBytes) : ValidationAttribute
{
    public int MaxBytes { get; } = maxBytes;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not JsonNode node) return ValidationResult.Success;
        var size = Encoding.UTF8.GetByteCount(node.ToJsonString(JsonSerializerOptions.Default));
        return size <= MaxBytes
            ? ValidationResult.Success
            : Invalid.Because(validationContext, $"must be at most {MaxBytes} bytes serialized (it is {size})");
    }
}

internal static class Invalid
{
    public static ValidationResult Because(ValidationContext context, string reason) =>
        new($"{context.DisplayName} {reason}.", context.MemberName is { } member ? [member] : null);
}
