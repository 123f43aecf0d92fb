var builder = WebApplication.CreateBuilder(args);
builder.AddTicksSilo(); // embedded mode: the silo runs in this process
builder.AddTicksApi();

var app = builder.Build();
app.MapTicksApi();
app.Run();

/// <summary>The API's entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
