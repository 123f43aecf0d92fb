namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>Why a connection (or an attempt at one) ended, and how long it was open.</summary>
internal readonly record struct ConnectionEnd(string Reason, TimeSpan Lasted, bool Replaced = false, Exception? Error = null);
