using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// A dense latent-semantic (LSA) view: a truncated SVD of the document × feature TF-IDF matrix gives every frequent
/// feature a k-dimensional row, so a title and a technique can be close without sharing a word ("Invoke-WebRequest"
/// and "download" co-occur in training texts). Techniques are their centroids projected into that space.
/// Built by a randomized range finder (Halko, Martinsson, Tropp 2011) with a fixed seed, so builds are reproducible.
/// </summary>
internal sealed class LatentSpace
{
    private const int Oversampling = 10;
    private const int PowerIterations = 2;
    private const int Seed = 20250728;

    private LatentSpace(int dimensions, int[] features, float[] terms, float[] classes)
    {
        Dimensions = dimensions;
        Features = features;
        Terms = terms;
        Classes = classes;
    }

    public int Dimensions { get; }

    /// <summary>Feature hash of each term row.</summary>
    public int[] Features { get; }

    /// <summary>Term rows back to back, <see cref="Dimensions"/> floats each (right singular vectors, orthonormal columns).</summary>
    public float[] Terms { get; }

    /// <summary>Class rows back to back, L2-normalised; all zero for a class without centroid features in the space.</summary>
    public float[] Classes { get; }

    public long Bytes => (Terms.LongLength + Classes.LongLength) * sizeof(float) + Features.LongLength * sizeof(int);

    /// <summary>
    /// SVD of <paramref name="vectors"/> (rows: documents) restricted to features in at least <paramref name="minDocuments"/>
    /// documents: rare features have no co-occurrence to learn from and would only make the dense matrix large.
    /// </summary>
    public static LatentSpace Build(KeyValuePair<int, float>[][] vectors, IReadOnlyDictionary<int, int> df, int minDocuments, int dimensions, float singularPower,
        Dictionary<int, TechniqueModel.Posting[]> centroids, int classCount)
    {
        var features = df.Where(kv => kv.Value >= minDocuments && kv.Value < vectors.Length).Select(kv => kv.Key).Order().ToArray();
        var column = new Dictionary<int, int>(features.Length);
        for (var j = 0; j < features.Length; j++)
        {
            column[features[j]] = j;
        }

        var rows = vectors.Select(v => v.Where(kv => column.ContainsKey(kv.Key)).Select(kv => (Col: column[kv.Key], kv.Value)).ToArray()).ToArray();
        var cols = Transpose(rows, features.Length);
        var l = Math.Min(dimensions + Oversampling, Math.Min(features.Length, vectors.Length));
        var k = Math.Min(dimensions, l);

        // Y = Aᵀ Ω with Gaussian Ω (documents × l); power iterations Y = Aᵀ (A Y) sharpen the spectrum so the top
        // singular directions dominate. Re-orthonormalising between products keeps float precision.
        var random = new Random(Seed);
        var omega = new float[vectors.Length * l];
        for (var i = 0; i < omega.Length; i++)
        {
            omega[i] = Gaussian(random);
        }

        var y = Multiply(cols, omega, l);
        for (var p = 0; p < PowerIterations; p++)
        {
            Orthonormalise(y, features.Length, l);
            var z = Multiply(rows, y, l);
            Orthonormalise(z, vectors.Length, l);
            y = Multiply(cols, z, l);
        }

        Orthonormalise(y, features.Length, l);
        // B = A Q (documents × l); the eigenvectors W of Bᵀ B rotate Q into the right singular vectors V = Q W.
        var b = Multiply(rows, y, l);
        var bt = ColumnMajor(b, vectors.Length, l);
        var gram = new double[l, l];
        Parallel.For(0, l, i =>
        {
            for (var j = i; j < l; j++)
            {
                gram[i, j] = gram[j, i] = Dot(bt.AsSpan(i * vectors.Length, vectors.Length), bt.AsSpan(j * vectors.Length, vectors.Length));
            }
        });
        var (values, w) = Jacobi(gram);
        var scale = values.Select(v => v > 0 ? Math.Pow(v, singularPower / 2) : 0).ToArray();
        var terms = new float[features.Length * k];
        Parallel.For(0, features.Length, j =>
        {
            var q = y.AsSpan(j * l, l);
            var t = terms.AsSpan(j * k, k);
            for (var c = 0; c < k; c++)
            {
                var s = 0.0;
                for (var i = 0; i < l; i++)
                {
                    s += q[i] * w[i, c];
                }

                t[c] = (float)(s * scale[c]);
            }
        });

        var classes = new float[classCount * k];
        foreach (var (f, postings) in centroids)
        {
            if (column.TryGetValue(f, out var j))
            {
                var t = terms.AsSpan(j * k, k);
                foreach (var p in postings)
                {
                    AddScaled(p.Weight, t, classes.AsSpan(p.Target * k, k));
                }
            }
        }

        for (var c = 0; c < classCount; c++)
        {
            Normalise(classes.AsSpan(c * k, k));
        }

        return new LatentSpace(k, features, terms, classes);
    }

    /// <summary>y += a · x.</summary>
    public static void AddScaled(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            for (var v = 0; v < xs.Length; v++)
            {
                ys[v] += a * xs[v];
            }

            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var i = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            var acc = Vector<float>.Zero;
            for (var v = 0; v < xs.Length; v++)
            {
                acc += xs[v] * ys[v];
            }

            sum = Vector.Sum(acc);
            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    public static void Normalise(Span<float> x)
    {
        var norm = MathF.Sqrt(Dot(x, x));
        if (norm > 0)
        {
            for (var i = 0; i < x.Length; i++)
            {
                x[i] /= norm;
            }
        }
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static (int Row, float Value)[][] Transpose((int Col, float Value)[][] rows, int columns)
    {
        var counts = new int[columns];
        foreach (var row in rows)
        {
            foreach (var (c, _) in row)
            {
                counts[c]++;
            }
        }

        var cols = counts.Select(n => new (int, float)[n]).ToArray();
        Array.Clear(counts);
        for (var r = 0; r < rows.Length; r++)
        {
            foreach (var (c, x) in rows[r])
            {
                cols[c][counts[c]++] = (r, x);
            }
        }

        return cols;
    }

    // Sparse rows × dense (row-major, l columns): each output row is a weighted sum of dense rows, rows in parallel.
    private static float[] Multiply((int Index, float Value)[][] sparse, float[] dense, int l)
    {
        var result = new float[sparse.Length * l];
        Parallel.For(0, sparse.Length, r =>
        {
            var target = result.AsSpan(r * l, l);
            foreach (var (i, x) in sparse[r])
            {
                AddScaled(x, dense.AsSpan(i * l, l), target);
            }
        });
        return result;
    }

    /// <summary>
    /// Modified Gram-Schmidt, twice ("twice is enough" for float), on the columns of a row-major matrix; done on a
    /// column-major copy so every dot product runs over contiguous memory. Columns that vanish stay zero.
    /// </summary>
    internal static void Orthonormalise(float[] matrix, int rows, int columns)
    {
        var t = ColumnMajor(matrix, rows, columns);

        for (var pass = 0; pass < 2; pass++)
        {
            for (var c = 0; c < columns; c++)
            {
                var col = t.AsSpan(c * rows, rows);
                for (var p = 0; p < c; p++)
                {
                    var prev = t.AsSpan(p * rows, rows);
                    AddScaled(-Dot(prev, col), prev, col);
                }

                Normalise(col);
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                matrix[r * columns + c] = t[c * rows + r];
            }
        }
    }

    private static float[] ColumnMajor(float[] matrix, int rows, int columns)
    {
        var t = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                t[c * rows + r] = matrix[r * columns + c];
            }
        }

        return t;
    }

    /// <summary>Eigenvalues (descending) and eigenvectors (columns, same order) of a symmetric matrix, cyclic Jacobi rotations.</summary>
    internal static (double[] Values, double[,] Vectors) Jacobi(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        // Converges quadratically; 50 sweeps is far beyond what a well-conditioned Gram matrix of this size needs.
        for (var sweep = 0; sweep < 50; sweep++)
        {
            var off = 0.0;
            var diagonal = 0.0;
            for (var i = 0; i < n; i++)
            {
                diagonal += a[i, i] * a[i, i];
                for (var j = i + 1; j < n; j++)
                {
                    off += a[i, j] * a[i, j];
                }
            }

            if (off <= 1e-22 * diagonal)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var tan = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var cos = 1 / Math.Sqrt(tan * tan + 1);
                    var sin = tan * cos;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = cos * akp - sin * akq;
                        a[k, q] = sin * akp + cos * akq;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = cos * apk - sin * aqk;
                        a[q, k] = sin * apk + cos * aqk;
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = cos * vkp - sin * vkq;
                        v[k, q] = sin * vkp + cos * vkq;
                    }
                }
            }
        }

        var order = Enumerable.Range(0, n).OrderByDescending(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = new double[n, n];
        for (var c = 0; c < n; c++)
        {
            for (var r = 0; r < n; r++)
            {
                vectors[r, c] = v[r, order[c]];
            }
        }

        return (values, vectors);
    }
}
