using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansTicks.Api.Security.ApiKeys;

/// <summary>The configured keys, kept as SHA-256 digests. A presented key is hashed and compared with every digest
/// in constant time, all of them every time, so neither the position of a match nor the length of a common prefix
/// shows in the answer's timing.</summary>
internal sealed class ApiKeyStore
{
    private readonly (byte[] Digest, string Name, string Role)[] _keys;

    public ApiKeyStore(IOptions<ApiKeyOptions> options)
    {
        var entries = options.Value.ApiKeys;
        _keys = new (byte[], string, string)[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            _keys[i] = (Digest(entries[i].Key), string.IsNullOrWhiteSpace(entries[i].Name) ? $"key-{i}" : entries[i].Name!, entries[i].Role);
        }
    }

    /// <summary>Whether keys are required at all.</summary>
    public bool Enabled => _keys.Length > 0;

    /// <summary>The name and role of the key <paramref name="presented"/>, or null.</summary>
    public (string Name, string Role)? Find(string presented)
    {
        var digest = Digest(presented);
        (string, string)? match = null;
        foreach (var (stored, name, role) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(stored, digest))
            {
                match = (name, role); // no early exit: every key is compared
            }
        }

        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
