namespace OrleansTicks.Grains.Tests.Feeds.Replay;

/// <summary>A CSV file written for one test and deleted after it.</summary>
internal sealed class TempCsv : IDisposable
{
    public TempCsv(string content)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"orleansticks-replay-{Guid.NewGuid():N}.csv");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
