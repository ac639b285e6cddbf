namespace SessionStore.ServiceInterface.Admin;

/// <summary>The <c>Admin</c> configuration section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Shorter keys are refused at startup: 32 characters of base64 are 192 bits, beyond any guessing.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>The key operators send as <c>X-Admin-Key</c>. Without one, the admin endpoints do not exist (404).</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey);

    internal bool KeyIsLongEnough => !Enabled || ApiKey!.Length >= MinimumKeyLength;
}
