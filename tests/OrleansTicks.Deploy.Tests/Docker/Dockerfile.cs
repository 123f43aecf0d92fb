using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansTicks.TestKit;

namespace OrleansTicks.Deploy.Tests.Docker;

/// <summary>A Dockerfile read as text (there is no Docker engine here to build it): its instructions, with line
/// continuations joined and comments dropped, grouped by build stage.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Instruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>The last stage: what the image is.</summary>
    public IReadOnlyList<Instruction> FinalStage => Instructions.Skip(Instructions.Select((instruction, index) => (instruction, index)).Last(x => x.instruction.Keyword == "FROM").index).ToList();

    /// <summary>The images of the FROM lines that are not earlier stages.</summary>
    public IReadOnlyList<string> BaseImages
    {
        get
        {
            var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var images = new List<string>();
            foreach (var from in Instructions.Where(i => i.Keyword == "FROM"))
            {
                var words = from.Words;
                if (!stages.Contains(words[0]))
                {
                    images.Add(words[0]);
                }

                if (words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    stages.Add(words[2]);
                }
            }

            return images;
        }
    }

    public static Dockerfile Read(string path)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = (pending + line).Trim();
            pending = "";
            if (text.Length > 0)
            {
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                instructions.Add(new Instruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim()));
            }
        }

        return new Dockerfile(path, instructions);
    }

    /// <summary>The value of <c>ENV name=value</c> in the final stage.</summary>
    public string? Env(string name) => FinalStage.Where(i => i.Keyword == "ENV")
        .SelectMany(i => i.Words)
        .Select(word => word.Split('=', 2))
        .Where(pair => pair.Length == 2 && pair[0] == name)
        .Select(pair => pair[1].Trim('"'))
        .LastOrDefault();

    /// <summary>The value of <c>LABEL name="value"</c> in the final stage.</summary>
    public string? Label(string name) => FinalStage.Where(i => i.Keyword == "LABEL")
        .SelectMany(i => LabelPairs(i.Arguments))
        .Where(pair => pair.Key == name)
        .Select(pair => pair.Value)
        .LastOrDefault();

    /// <summary>The final stage's ENTRYPOINT in exec form.</summary>
    public IReadOnlyList<string> Entrypoint => FinalStage.LastOrDefault(i => i.Keyword == "ENTRYPOINT") is { } entrypoint
        ? JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) ?? []
        : [];

    public IReadOnlyList<int> ExposedPorts => [.. FinalStage.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Words).Select(word => int.Parse(word.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))];

    public override string ToString() => System.IO.Path.GetRelativePath(RepositoryRoot.Directory, Path);

    private static IEnumerable<KeyValuePair<string, string>> LabelPairs(string arguments) =>
        LabelPair().Matches(arguments).Select(match => new KeyValuePair<string, string>(
            match.Groups["key"].Value, match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["bare"].Value));

    [GeneratedRegex("""(?<key>[^\s=]+)=(?:"(?<quoted>[^"]*)"|(?<bare>\S+))""")]
    private static partial Regex LabelPair();
}
