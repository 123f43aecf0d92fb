using System.Text;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>The wire format of cluster calls, without a broker: what goes out comes back the same, and what cannot be
/// read is refused with a message that says why.</summary>
public sealed class CallCodecTests : IAsyncLifetime
{
    private static readonly PlacementEcho Echo = new("K", new DateTime(2026, 11, 22, 9, 30, 0, DateTimeKind.Utc), [1.5m, 0.0001m], null);
    private TestSilo _silo = null!;
    private CallCodec _codec = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync();
        _codec = new CallCodec(_silo.Runtime);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public void A_request_reads_back_as_the_same_target_method_and_arguments()
    {
        var (reference, method) = Method("EchoAsync");

        var decoded = _codec.DecodeRequest(_codec.EncodeRequest(reference, method, [Echo, CancellationToken.None]));

        Assert.Equal(reference.GrainId, decoded.Target.GrainId);
        Assert.Same(method, decoded.Method);
        Assert.Equal(Echo with { Values = ((PlacementEcho)decoded.Arguments[0]!).Values }, decoded.Arguments[0]);
        Assert.Equal(Echo.Values, ((PlacementEcho)decoded.Arguments[0]!).Values);
        Assert.Null(decoded.Arguments[1]); // the callee makes its own token
    }

    [Fact]
    public void An_observer_reference_travels_as_its_id_and_reads_back_as_a_reference_to_it()
    {
        var (reference, method) = Method("ReportToAsync");
        var observer = _silo.Grains.CreateObjectReference<IPlacementObserver>(new NoObserver());

        var decoded = _codec.DecodeRequest(_codec.EncodeRequest(reference, method, [observer, 3]));

        Assert.Equal(((GrainProxy)(object)observer).GrainId, ((GrainProxy)decoded.Arguments[0]!).GrainId);
        Assert.Equal(3, decoded.Arguments[1]);
    }

    [Fact]
    public void A_local_object_where_a_reference_goes_is_refused_with_how_to_make_one()
    {
        var (reference, method) = Method("ReportToAsync");

        var error = Assert.ThrowsAny<ArgumentException>(() => _codec.EncodeRequest(reference, method, [new NoObserver(), 1]));

        Assert.Contains("CreateObjectReference", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "could not be read")]
    [InlineData("{", "could not be read")]
    [InlineData("[]", "could not be read")]
    [InlineData("""{"i":"System.IDisposable, System.Private.CoreLib","k":"K","m":"Dispose/0","a":[]}""", "not a grain or observer interface")]
    [InlineData("""{"i":"System.String, System.Private.CoreLib","k":"K","m":"Trim/0","a":[]}""", "not a grain or observer interface")]
    [InlineData("""{"i":"No.Such.IGrain, Nowhere","k":"K","m":"X/0","a":[]}""", "not a grain or observer interface")]
    [InlineData("""{"i":"OrleansTicks.Runtime.Tests.Cluster.Transport.IPlacementGrain, OrleansTicks.Runtime.Tests","k":"K","m":"NoSuchAsync/0","a":[]}""", "has no method NoSuchAsync/0")]
    [InlineData("""{"i":"OrleansTicks.Runtime.Tests.Cluster.Transport.IPlacementGrain, OrleansTicks.Runtime.Tests","k":"K","m":"AddAsync/1","a":["three"]}""", "could not be read")]
    [InlineData("""{"i":"OrleansTicks.Runtime.Tests.Cluster.Transport.IPlacementGrain, OrleansTicks.Runtime.Tests","k":"K","m":"AddAsync/1","a":[]}""", "could not be read")]
    [InlineData("""{"k":"K","i":"OrleansTicks.Runtime.Tests.Cluster.Transport.IPlacementGrain, OrleansTicks.Runtime.Tests","m":"AddAsync/1","a":[1]}""", "could not be read")]
    [InlineData("""{"i":"OrleansTicks.Runtime.Tests.Cluster.Transport.IPlacementGrain, OrleansTicks.Runtime.Tests","k":"K","m":"ReportToAsync/2","a":[{"t":"placement","k":"x"},1]}""", "cannot stand for")]
    public void A_request_that_cannot_be_run_here_is_refused_saying_why(string body, string why)
    {
        var error = Assert.Throws<CallFormatException>(() => _codec.DecodeRequest(Encoding.UTF8.GetBytes(body)));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_reply_completes_the_call_with_the_result()
    {
        var (reference, method) = Method("EchoAsync");
        var call = new GrainCall<PlacementEcho>((GrainMethod<PlacementEcho>)method, reference.GrainId, [Echo, CancellationToken.None], _silo.Runtime);

        _codec.ApplyReply(_codec.EncodeResult(Echo with { Note = "back" }, method.ResultType), method, call);

        Assert.Equal("back", (await call.Task).Note);
    }

    [Fact]
    public async Task A_failure_reply_fails_the_call_with_the_remote_exception_type_and_message()
    {
        var (reference, method) = Method("EchoAsync");
        var call = new GrainCall<PlacementEcho>((GrainMethod<PlacementEcho>)method, reference.GrainId, [Echo, CancellationToken.None], _silo.Runtime);

        _codec.ApplyReply(CallCodec.EncodeFailure(new KeyNotFoundException("no such bar")), method, call);

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => call.Task);
        Assert.Equal("no such bar", error.Message);
    }

    [Fact]
    public async Task A_reply_that_cannot_be_read_fails_the_call_saying_so()
    {
        var (reference, method) = Method("EchoAsync");
        var call = new GrainCall<PlacementEcho>((GrainMethod<PlacementEcho>)method, reference.GrainId, [Echo, CancellationToken.None], _silo.Runtime);

        _codec.ApplyReply("""{"r":42}"""u8, method, call);

        var error = await Assert.ThrowsAsync<CallFormatException>(() => call.Task);
        Assert.Contains("EchoAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_type_this_node_does_not_have_arrives_as_an_invalid_operation_naming_it()
    {
        var error = RemoteExceptions.Create("Vendor.Quirks.FluxCapacitorException", "out of flux");

        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("Vendor.Quirks.FluxCapacitorException", error.Message, StringComparison.Ordinal);
        Assert.Contains("out of flux", error.Message, StringComparison.Ordinal);
    }

    private (GrainReference Reference, GrainMethod Method) Method(string name)
    {
        var reference = ((GrainProxy)(object)_silo.Grains.GetGrain<IPlacementGrain>("K")).Reference;
        return (reference, reference.Interface.Methods[typeof(IPlacementGrain).GetMethod(name)!]);
    }

    private sealed class NoObserver : IPlacementObserver
    {
        public Task OnReportAsync(string from, int sequence) => Task.CompletedTask;
    }
}
