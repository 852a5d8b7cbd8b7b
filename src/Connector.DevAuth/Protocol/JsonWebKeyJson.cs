using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.IdentityModel.Tokens;

namespace Connector.DevAuth.Protocol;

/// <summary>
/// Keys are written as IdentityModel's <see cref="JsonWebKey"/> and <see cref="JsonWebKeySet"/> describe themselves:
/// their System.Text.Json attributes name every RFC 7517 member and leave out the unset ones, private ones included.
/// </summary>
internal static class JsonWebKeyJson
{
    /// <summary>The key set served at /jwks.json.</summary>
    public static JsonTypeInfo<JsonWebKeySet> KeySet { get; } = TypeInfo<JsonWebKeySet>(writeIndented: false);

    /// <summary>One key with its private members, as kept in signing-key.json; indented for a person opening it.</summary>
    public static JsonTypeInfo<JsonWebKey> KeyFile { get; } = TypeInfo<JsonWebKey>(writeIndented: true);

    private static JsonTypeInfo<T> TypeInfo<T>(bool writeIndented)
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonWebKeyJsonContext.Default.WithAddedModifier(LeaveOutEmptyLists),
            WriteIndented = writeIndented,
        };
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    // IdentityModel's own JWK writer is internal, and JsonWebKey creates key_ops, oth and x5c empty when read, which its attributes would write as [].
    private static void LeaveOutEmptyLists(JsonTypeInfo type)
    {
        foreach (var property in type.Properties.Where(property => property.PropertyType == typeof(IList<string>)))
        {
            property.ShouldSerialize = static (_, value) => value is ICollection<string> { Count: > 0 };
        }
    }
}
