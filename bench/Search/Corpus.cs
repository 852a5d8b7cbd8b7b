using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Connector.Gateway.Search;

namespace Bench.Search;

/// <summary>
/// The synthetic catalog: titles and 80-150-word texts drawn from a fixed vocabulary with a fixed seed, so every run
/// (and every machine) indexes the same items. Item i does not depend on how many items are made: the 10,000-item
/// catalog is the first tenth of the 100,000-item one, and the first 1,000 items (whose real vectors are computed) are
/// in both.
/// <para>
/// Words follow Zipf's law: function words ("the", "of") in nearly every item, content words (content-words.txt,
/// shuffled by the seed so no theme is favoured) from common to rare, and a long tail of made-up names that most items
/// never use. Each item also repeats a few topic words of its own, as real texts do, so term frequencies vary.
/// </para>
/// </summary>
internal static class Corpus
{
    public const int Seed = 20261130;

    private const double TopicShare = 0.08;
    private const double NameShare = 0.03;
    private const double FunctionShare = 0.42;

    public static IReadOnlyList<SearchItem> Generate(int count)
    {
        var random = new Random(Seed);
        var function = Words("function-words.txt");
        var content = Words("content-words.txt");
        random.Shuffle(content);
        var names = Names(random, 30_000);
        var functionZipf = new Zipf(function.Length, 1.0);
        var contentZipf = new Zipf(content.Length, 1.0);
        var nameZipf = new Zipf(names.Length, 1.1);
        var items = new SearchItem[count];
        for (var i = 0; i < count; i++)
        {
            var topics = Enumerable.Range(0, random.Next(3, 6)).Select(_ => content[contentZipf.Next(random)]).ToArray();
            string Word()
            {
                var roll = random.NextDouble();
                return roll < TopicShare ? topics[random.Next(topics.Length)]
                    : roll < TopicShare + NameShare ? names[nameZipf.Next(random)]
                    : roll < TopicShare + NameShare + FunctionShare ? function[functionZipf.Next(random)]
                    : content[contentZipf.Next(random)];
            }

            items[i] = new SearchItem(
                $"item-{i:D6}",
                Title(random, topics, content, contentZipf),
                Text(random, random.Next(80, 151), Word),
                new Dictionary<string, string> { ["topic"] = topics[0] });
        }

        return items;
    }

    private static string Title(Random random, string[] topics, string[] content, Zipf zipf)
    {
        var words = new List<string> { topics[0] };
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            words.Add(random.NextDouble() < 0.5 ? topics[random.Next(topics.Length)] : content[zipf.Next(random)]);
        }

        random.Shuffle(CollectionsMarshal.AsSpan(words));
        var title = new StringBuilder(Capitalised(words[0]));
        foreach (var word in words.Skip(1))
        {
            var roll = random.NextDouble();
            title.Append(roll < 0.15 ? " of the " : roll < 0.25 ? " and " : " ").Append(Capitalised(word));
        }

        return title.ToString();
    }

    private static string Text(Random random, int length, Func<string> word)
    {
        var text = new StringBuilder(length * 7);
        var sentenceLeft = 0;
        for (var i = 0; i < length; i++)
        {
            var next = word();
            if (sentenceLeft == 0)
            {
                if (i > 0)
                {
                    text.Append(". ");
                }

                next = Capitalised(next);
                sentenceLeft = random.Next(6, 19);
            }
            else
            {
                text.Append(' ');
            }

            text.Append(next);
            sentenceLeft--;
        }

        return text.Append('.').ToString();
    }

    /// <summary>Made-up proper names (places, people) from syllables: the long tail of rare words real catalogs have.</summary>
    private static string[] Names(Random random, int count)
    {
        string[] onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "st", "th", "kl", "gr"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        string[] codas = ["", "", "n", "r", "s", "l", "th", "nd", "rk"];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>(count);
        while (names.Count < count)
        {
            var name = new StringBuilder();
            for (var s = random.Next(2, 4); s > 0; s--)
            {
                name.Append(onsets[random.Next(onsets.Length)]).Append(vowels[random.Next(vowels.Length)]);
            }

            var made = Capitalised(name.Append(codas[random.Next(codas.Length)]).ToString());
            if (seen.Add(made))
            {
                names.Add(made);
            }
        }

        return [.. names];
    }

    private static string[] Words(string file) =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, file))
            .Where(line => !line.StartsWith('#'))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)];

    private static string Capitalised(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
