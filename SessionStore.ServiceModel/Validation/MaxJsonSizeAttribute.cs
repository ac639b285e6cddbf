using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SessionStore.ServiceModel;

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
