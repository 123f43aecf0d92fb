namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>An <see cref="IProgress{T}"/> that records reports on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts them), so a test sees every report once the call returns.</summary>
internal sealed class RecordingProgress : IProgress<long>
{
    private readonly List<long> _reports = [];

    public IReadOnlyList<long> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(long value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
