using OrleansTicks.Runtime.Cluster.Transport;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>The transport's settings in cluster mode: a bad one stops the node at start with a message naming it and
/// saying what is valid.</summary>
public sealed class ClusterOptionsValidatorTests
{
    private static ClusterOptions Valid() => new()
    {
        Mode = ClusterMode.RabbitMq,
        SiloId = "silo-0",
        RabbitMq = "amqp://guest:guest@127.0.0.1:5672/",
    };

    [Fact]
    public void The_defaults_with_a_silo_id_and_a_broker_pass() =>
        Assert.True(new ClusterOptionsValidator().Validate(null, Valid()).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void A_publish_window_outside_1_to_64_is_refused_naming_the_setting(int window)
    {
        var options = Valid();
        options.PublishWindow = window;

        var result = new ClusterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Cluster:PublishWindow must be between 1 and 64 (default 1), not {window}.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void A_publish_window_from_1_to_64_passes(int window)
    {
        var options = Valid();
        options.PublishWindow = window;

        Assert.True(new ClusterOptionsValidator().Validate(null, options).Succeeded);
    }
}
