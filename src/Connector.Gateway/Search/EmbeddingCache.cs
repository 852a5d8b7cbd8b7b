using System.Security.Cryptography;
using System.Text;

namespace Connector.Gateway.Search;

/// <summary>
/// Vectors already computed, kept in a file under DATA_DIR by model and by a hash of each item's text, so a restart
/// (or a content edit that changes one item) embeds only what is new. A cache file that can't be read is ignored and
/// rewritten: it holds nothing that can't be recomputed.
/// </summary>
internal sealed class EmbeddingCache(string path, int dimensions)
{
    private const int HashBytes = 32;

    public static string PathFor(string dataDirectory, string toolName, string model) =>
        System.IO.Path.Combine(dataDirectory, "search-cache", $"{toolName}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model)))[..16]}.bin");

    public static byte[] HashOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    public Dictionary<string, float[]> Load()
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != dimensions)
            {
                return vectors;
            }

            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                var hash = Convert.ToHexString(reader.ReadBytes(HashBytes));
                var vector = new float[dimensions];
                for (var i = 0; i < dimensions; i++)
                {
                    vector[i] = reader.ReadSingle();
                }

                vectors[hash] = vector;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Missing, cut short or unreadable: recompute.
            vectors.Clear();
        }

        return vectors;
    }

    public void Save(IReadOnlyDictionary<string, float[]> vectors)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            using (var writer = new BinaryWriter(File.Create(temporary)))
            {
                writer.Write(dimensions);
                writer.Write(vectors.Count);
                foreach (var (hash, vector) in vectors)
                {
                    writer.Write(Convert.FromHexString(hash));
                    foreach (var value in vector)
                    {
                        writer.Write(value);
                    }
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only disk costs the next start some embedding time, nothing else.
        }
    }
}
