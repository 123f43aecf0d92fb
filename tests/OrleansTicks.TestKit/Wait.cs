namespace OrleansTicks.TestKit;

/// <summary>Waiting helpers. The timeouts only keep a broken test from hanging; no test asserts a duration.</summary>
public static class Wait
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Generous);

    public static Task Within(this Task task) => task.WaitAsync(Generous);

    /// <summary>Polls until <paramref name="condition"/> holds (for effects that happen on pool threads). <paramref name="what"/>
    /// is fixed when called: to report what the last poll saw, pass a function.</summary>
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(condition, () => what);

    /// <summary>Polls until <paramref name="condition"/> holds; <paramref name="what"/> is asked on failure, so it can
    /// say what the last poll saw.</summary>
    public static async Task UntilAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for: {what()}");
            }

            await Task.Delay(2);
        }
    }
}
