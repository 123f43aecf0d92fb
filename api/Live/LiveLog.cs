namespace OrleansTicks.Api.Live;

/// <summary>The live endpoints' log event ids (5100–5199, see api/README.md).</summary>
internal static class LiveLog
{
    public const int Connected = 5100;
    public const int Disconnected = 5101;
    public const int SlowClientAborted = 5102;
    public const int SendFailed = 5103;
    public const int WatchStarted = 5110;
    public const int WatchStopped = 5111;
    public const int WatchFailed = 5112;
    public const int RenewFailed = 5113;
    public const int CountFailed = 5114;
    public const int GapForwarded = 5115;
    public const int UnwatchFailed = 5116;
    public const int RegenerationRequested = 5120;
    public const int SocketOpened = 5130;
    public const int SocketClosed = 5131;
    public const int SocketBadMessage = 5132;
}
