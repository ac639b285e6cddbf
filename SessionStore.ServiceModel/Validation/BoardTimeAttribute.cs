using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>A time a board can be read at: from 1970 (the first Unix millisecond) to the end of 9998, so its period's end is a time too.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BoardTimeAttribute : ValidationAttribute
{
    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not DateTime time) return ValidationResult.Success;
        var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
        return utc >= Earliest && utc < Latest
            ? ValidationResult.Success
            : Invalid.Because(validationContext, "must be a time from 1970-01-01 to the end of 9998 (UTC)");
    }
}
