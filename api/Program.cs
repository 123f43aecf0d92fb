using OrleansTicks.Runtime.Cluster.Transport;

var builder = WebApplication.CreateBuilder(args);
builder.AddTicksSilo(ClusterRole.Client); // one process: the silo runs here; Cluster:Mode=rabbitmq: an api node of the cluster
builder.AddTicksApi();

var app = builder.Build();
app.MapTicksApi();
app.Run();

/// <summary>The API's entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
