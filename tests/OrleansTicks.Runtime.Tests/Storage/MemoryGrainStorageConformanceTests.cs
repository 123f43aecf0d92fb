using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageConformanceTests : GrainStorageConformanceTests<MemoryGrainStorage>
{
    protected override Task<MemoryGrainStorage> CreateStorageAsync() =>
        Task.FromResult(new MemoryGrainStorage(new JsonGrainStorageSerializer()));

    protected override Task<MemoryGrainStorage> ReopenStorageAsync() => Task.FromResult(Storage);
}
