using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>A validation failure worded with the field's name, as the client sent it.</summary>
internal static class Invalid
{
    public static ValidationResult Because(ValidationContext context, string reason) =>
        new($"{context.DisplayName} {reason}.", context.MemberName is { } member ? [member] : null);
}
