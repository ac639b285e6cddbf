using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>A game name: 1-64 of A-Z, a-z, 0-9, '_', '.', '-'.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class GameNameAttribute : RegularExpressionAttribute
{
    public GameNameAttribute() : base("^[A-Za-z0-9_.-]{1,64}$") =>
        ErrorMessage = "{0} must be 1 to 64 of the characters A-Z, a-z, 0-9, '_', '.' and '-'.";

    // The base class lets an empty string pass; a game name is never empty.
    public override bool IsValid(object? value) => value is not "" && base.IsValid(value);
}
