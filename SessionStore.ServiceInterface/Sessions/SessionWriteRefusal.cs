namespace SessionStore.ServiceInterface.Sessions;

/// <summary>Why a write to an existing session was refused.</summary>
public enum SessionWriteRefusal
{
    None,
    NoToken,
    NotFound,
    WrongToken,
    Ended,
}
