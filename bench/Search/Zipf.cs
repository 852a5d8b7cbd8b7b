namespace Bench.Search;

/// <summary>
/// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: word frequencies in real text follow this law,
/// which is what gives BM25 realistic document frequencies (a few words in nearly every item, most in few).
/// </summary>
internal sealed class Zipf
{
    private readonly double[] _cumulative;

    public Zipf(int n, double exponent)
    {
        _cumulative = new double[n];
        var sum = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, exponent);
            _cumulative[rank] = sum;
        }
    }

    public int Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return index >= 0 ? index : Math.Min(~index, _cumulative.Length - 1);
    }
}
