using Microsoft.Extensions.Options;

namespace OrleansTicks.Api.Security.ApiKeys;

/// <summary>Stops the process at start when a key is too short, repeated or has an unknown role, naming the
/// setting (<c>Auth:ApiKeys:1:Role</c>).</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            var prefix = $"{ApiKeyOptions.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(entry.Key) || entry.Key.Length < ApiKeyEntry.MinimumKeyLength)
            {
                failures.Add($"{prefix}:Key must be at least {ApiKeyEntry.MinimumKeyLength} characters long.");
            }
            else if (!seen.Add(entry.Key))
            {
                failures.Add($"{prefix}:Key repeats an earlier key; each key must be distinct.");
            }

            if (entry.Role is not (ApiKeyPolicies.Read or ApiKeyPolicies.Admin))
            {
                failures.Add($"{prefix}:Role is '{entry.Role}'; valid roles are '{ApiKeyPolicies.Read}' and '{ApiKeyPolicies.Admin}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
