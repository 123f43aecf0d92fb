using OrleansTicks.Silo;

namespace OrleansTicks.Deploy.Tests.Apps;

/// <summary>Both processes, started once for the tests that ask them whether they answer a path.</summary>
public sealed class RunningApps : IDisposable
{
    private readonly QuietAppFactory<SiloProgram> _silo = new();
    private readonly QuietAppFactory<Program> _api = new();
    private readonly Lazy<HttpClient> _siloClient;
    private readonly Lazy<HttpClient> _apiClient;

    public RunningApps()
    {
        _siloClient = new(() => _silo.CreateClient());
        _apiClient = new(() => _api.CreateClient());
    }

    internal HttpClient Client(AppImage app) => app == AppImage.Silo ? _siloClient.Value : _apiClient.Value;

    public void Dispose()
    {
        _silo.Dispose();
        _api.Dispose();
    }
}
