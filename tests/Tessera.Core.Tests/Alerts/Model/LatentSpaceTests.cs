using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Tests.Alerts.Model;

public sealed class LatentSpaceTests
{
    [Fact]
    public void Jacobi_SymmetricMatrix_GivesDescendingEigenpairs()
    {
        double[,] m = { { 4, 1, 2 }, { 1, 3, 0 }, { 2, 0, 5 } };

        var (values, vectors) = LatentSpace.Jacobi(m);

        Assert.True(values[0] >= values[1] && values[1] >= values[2]);
        for (var c = 0; c < 3; c++)
        {
            for (var r = 0; r < 3; r++)
            {
                var mv = m[r, 0] * vectors[0, c] + m[r, 1] * vectors[1, c] + m[r, 2] * vectors[2, c];
                Assert.Equal(values[c] * vectors[r, c], mv, 9);
            }
        }
    }

    [Fact]
    public void Build_CoOccurringFeatures_OrthonormalColumnsAndSharedDirection()
    {
        // Topic A: features 1..4 (feature 1 and 2 in every A text), topic B: features 11..14; class 0 is A, class 1 is B.
        var random = new Random(7);
        var vectors = new KeyValuePair<int, float>[200][];
        for (var d = 0; d < vectors.Length; d++)
        {
            var topic = d % 2 == 0 ? 0 : 10;
            int[] features = [topic + 1, topic + 2, topic + 3 + random.Next(2), 100 + random.Next(20)];
            vectors[d] = features.Distinct().Select(f => new KeyValuePair<int, float>(f, 0.5f)).ToArray();
        }

        var df = vectors.SelectMany(v => v).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Count());
        var centroids = new Dictionary<int, TechniqueModel.Posting[]> { [3] = [new(0, 1f)], [13] = [new(1, 1f)] };

        var space = LatentSpace.Build(vectors, df, minDocuments: 2, dimensions: 2, singularPower: 0, centroids, classCount: 2);

        var k = space.Dimensions;
        var m = space.Features.Length;
        for (var a = 0; a < k; a++)
        {
            for (var b = a; b < k; b++)
            {
                var dot = 0.0;
                for (var j = 0; j < m; j++)
                {
                    dot += space.Terms[j * k + a] * space.Terms[j * k + b];
                }

                Assert.Equal(a == b ? 1.0 : 0.0, dot, 3);
            }
        }

        // Feature 4 never meets feature 3 in a text, yet both sit in topic A (one of the two dominant directions): near class 0, not class 1.
        var row4 = space.Terms.AsSpan(Array.IndexOf(space.Features, 4) * k, k).ToArray();
        LatentSpace.Normalise(row4);
        Assert.True(LatentSpace.Dot(row4, space.Classes.AsSpan(0, k)) > 0.5f);
        Assert.True(LatentSpace.Dot(row4, space.Classes.AsSpan(k, k)) < 0.1f);
    }
}
