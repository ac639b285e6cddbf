namespace SessionStore.ServiceInterface.Metrics;

/// <summary>
/// A type that creates its meter's instruments as it is constructed. Registered as one (beside its own registration),
/// it is constructed when metrics start, so its instruments are in the first scrape, not only once something used them.
/// </summary>
public interface IMetricsSource;
