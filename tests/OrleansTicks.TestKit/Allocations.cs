namespace OrleansTicks.TestKit;

/// <summary>Checks that a hot path allocates nothing per item.</summary>
/// <remarks>"Nothing per item" is checked as "less than one byte per item" over many items, not as exactly zero:
/// the runtime itself may allocate a few kilobytes once on the measuring thread (tiered JIT promoting a method
/// mid-loop does, on a loaded machine). A real per-item allocation costs at least 24 bytes an item, so over
/// thousands of items it is far above the bound and the check still fails on it.</remarks>
public static class Allocations
{
    /// <summary>Runs <paramref name="run"/> once and fails if it allocated one byte or more per item on this thread.</summary>
    public static void AssertNonePerItem(int items, string what, Action run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated >= items)
        {
            throw new Xunit.Sdk.XunitException(
                $"{what}: {allocated:N0} bytes allocated for {items:N0} items ({(double)allocated / items:F1} bytes an item); expected under 1.");
        }
    }
}
