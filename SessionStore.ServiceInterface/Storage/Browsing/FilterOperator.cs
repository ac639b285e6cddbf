namespace SessionStore.ServiceInterface.Storage.Browsing;

public enum FilterOperator
{
    Equals,
    Contains,
    LessThan,
    GreaterThan,
    IsNull,
}
