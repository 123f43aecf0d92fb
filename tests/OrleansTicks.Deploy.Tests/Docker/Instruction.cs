namespace OrleansTicks.Deploy.Tests.Docker;

/// <summary>One Dockerfile instruction: its keyword (upper case) and its arguments.</summary>
internal sealed record Instruction(string Keyword, string Arguments)
{
    public string[] Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
