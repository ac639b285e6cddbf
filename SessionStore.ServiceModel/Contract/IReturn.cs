namespace SessionStore.ServiceModel;

/// <summary>
/// Declares what the operation a request DTO stands for answers with. A file download answers with a <see cref="System.IO.Stream"/>.
/// </summary>
public interface IReturn<TResponse>;
