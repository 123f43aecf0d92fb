namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Bytes that are not a valid trade batch (see <see cref="TradeBatchCodec"/>): truncated, a wrong magic or
/// format version, a count the bytes cannot hold, a bad varint, an invalid symbol or value. The message says what was
/// wrong and at which byte offset.</summary>
public sealed class TradeBatchFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public TradeBatchFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed it.</summary>
    public TradeBatchFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public TradeBatchFormatException()
        : base("The bytes are not a valid trade batch.")
    {
    }
}
