using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Saves a trained <see cref="TechniqueModel"/> with its fitted calibration, and reads it back, so that a start whose
/// training data and code have not changed skips the build (two models and a fit, about 11 s and 500 MB) and only
/// loads the corpus and this file.
/// <para>A file is only used when its <see cref="Key"/> equals the one computed for the corpus at hand: a SHA-256 over
/// the code (the Tessera.Core module version, so any rebuild of the code invalidates it), the ATT&amp;CK techniques,
/// the renumbered techniques and every training document. A SHA-256 of the payload guards against a truncated or
/// damaged file. Anything wrong gives a reason, never a half-loaded model; the caller then builds as usual.</para>
/// <para>Layout: magic line, little-endian flag, format version, key, payload length, payload hash, payload (the
/// model's arrays as raw little-endian bytes).</para>
/// </summary>
public static class ModelFile
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "tessera-alert-model\n"u8.ToArray();

    /// <summary>The calibration fitted with the model (see <see cref="Evaluation.ScoreFit"/>).</summary>
    public sealed record Calibration(double Temperature, double RestScore, EvidenceWeights Evidence, ConfidenceMap Confidence);

    /// <summary>A model read back with the calibration stored beside it (null when it was built without).</summary>
    public sealed record Loaded(TechniqueModel Model, Calibration? Calibration);

    /// <summary>
    /// Identity of what a default-options build from <paramref name="corpus"/> produces, as 64 hex digits.
    /// <paramref name="calibrated"/> separates a build with a calibration fit from one without. <paramref name="inputFiles"/>
    /// are files the build reads beside the corpus (the CVE mappings behind the decomposer's evidence, which the
    /// calibration was fitted with); their bytes enter the key, a missing one as absent.
    /// </summary>
    public static string Key(TrainingCorpus corpus, bool calibrated, IEnumerable<string>? inputFiles = null)
    {
        using var hash = new HashingStream();
        using (var w = new BinaryWriter(hash, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("tessera-alert-model");
            w.Write(FormatVersion);
            w.Write(typeof(ModelFile).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
            w.Write(calibrated);
            foreach (var t in corpus.Attack.Techniques)
            {
                w.Write(t.AttackId);
                w.Write(t.IsActive);
            }

            w.Write("newer");
            foreach (var n in corpus.Newer.All.OrderBy(n => n.Id, StringComparer.Ordinal))
            {
                w.Write(n.Id);
                w.Write(n.SameAsId ?? "");
            }

            foreach (var file in inputFiles ?? [])
            {
                w.Write(Path.GetFileName(file));
                if (File.Exists(file))
                {
                    w.Write(SHA256.HashData(File.ReadAllBytes(file)));
                }
                else
                {
                    w.Write("absent");
                }
            }

            w.Write("documents");
            w.Write(corpus.Documents.Count);
            foreach (var d in corpus.Documents)
            {
                w.Write((int)d.Source);
                w.Write(d.Group);
                w.Write(d.AlertLike);
                w.Write(d.Display);
                w.Write(d.Text);
                w.Write(d.Labels.Count);
                foreach (var l in d.Labels)
                {
                    w.Write(l);
                }
            }
        }

        return Convert.ToHexStringLower(hash.Finish());
    }

    /// <summary>
    /// Writes <paramref name="model"/> and <paramref name="calibration"/> under <paramref name="key"/> to
    /// <paramref name="path"/>: to a temporary file beside it first, then renamed, so a reader (another process
    /// sharing the folder) sees either the old file or the whole new one.
    /// </summary>
    public static void Save(string path, string key, TechniqueModel model, Calibration? calibration)
    {
        var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            model.Write(w);
            w.Write(calibration is not null);
            if (calibration is not null)
            {
                w.Write(calibration.Temperature);
                w.Write(calibration.RestScore);
                w.Write(calibration.Evidence.Rule);
                w.Write(calibration.Evidence.Kev);
                w.Write(calibration.Evidence.Attack);
                var (p, accuracy) = calibration.Confidence.Points;
                WriteArray(w, p);
                WriteArray(w, accuracy);
            }
        }

        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var w = new BinaryWriter(file, Encoding.UTF8))
            {
                w.Write(Magic);
                w.Write(BitConverter.IsLittleEndian);
                w.Write(FormatVersion);
                w.Write(key);
                w.Write((long)bytes.Length);
                w.Write(SHA256.HashData(bytes));
                w.Write(bytes);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Reads the model at <paramref name="path"/> when it was saved under <paramref name="key"/>. Returns null with a
    /// reason when the file is missing, belongs to another key (other data or code) or is damaged.
    /// </summary>
    public static Loaded? TryLoad(string path, string key, out string reason)
    {
        if (!File.Exists(path))
        {
            reason = "no model file";
            return null;
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            using var r = new BinaryReader(file, Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                reason = "not a Tessera model file";
                return null;
            }

            if (r.ReadBoolean() != BitConverter.IsLittleEndian || r.ReadInt32() != FormatVersion)
            {
                reason = "written by another format version or byte order";
                return null;
            }

            if (r.ReadString() != key)
            {
                reason = "built from other training data or another version of Tessera";
                return null;
            }

            var length = r.ReadInt64();
            var expected = r.ReadBytes(32);
            if (length < 0 || length != file.Length - file.Position)
            {
                reason = $"payload is {file.Length - file.Position} bytes, the header says {length} (truncated?)";
                return null;
            }

            var bytes = r.ReadBytes((int)length);
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(expected))
            {
                reason = "payload checksum does not match (damaged file)";
                return null;
            }

            using var pr = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            var model = TechniqueModel.Read(pr);
            Calibration? calibration = null;
            if (pr.ReadBoolean())
            {
                calibration = new Calibration(pr.ReadDouble(), pr.ReadDouble(), new EvidenceWeights(pr.ReadDouble(), pr.ReadDouble(), pr.ReadDouble()),
                    ConfidenceMap.FromPoints(ReadArray<double>(pr), ReadArray<double>(pr)));
            }

            if (pr.BaseStream.Position != pr.BaseStream.Length)
            {
                reason = "unexpected bytes after the model";
                return null;
            }

            reason = "";
            return new Loaded(model, calibration);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or EndOfStreamException or ArgumentException)
        {
            reason = $"unreadable: {e.Message}";
            return null;
        }
    }

    internal static void WriteArray<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    internal static T[] ReadArray<T>(BinaryReader r) where T : unmanaged
    {
        var count = r.ReadInt32();
        var size = Unsafe.SizeOf<T>();
        if (count < 0 || (long)count * size > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new InvalidDataException($"array of {count} × {size} bytes runs past the end of the file");
        }

        var values = new T[count];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    internal static string[] ReadStrings(BinaryReader r)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new InvalidDataException($"list of {count} strings runs past the end of the file");
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = r.ReadString();
        }

        return values;
    }

    internal static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    // A write-only stream that feeds a SHA-256, so the key is computed without holding the corpus' bytes.
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Finish() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

public sealed partial class TechniqueModel
{
    // Model options are not stored: only default-options builds are saved (the key covers the code that sets the defaults).
    internal void Write(BinaryWriter w)
    {
        ModelFile.WriteStrings(w, _classes);
        ModelFile.WriteArray(w, _table.Features);
        ModelFile.WriteArray(w, _table.Idf);
        foreach (var index in new[] { _table.Centroids, _table.Linear, _table.Docs })
        {
            ModelFile.WriteArray(w, index.Starts);
            ModelFile.WriteArray(w, index.Postings);
        }

        w.Write(_docLabels.Length);
        foreach (var labels in _docLabels)
        {
            ModelFile.WriteArray(w, labels);
        }

        ModelFile.WriteStrings(w, _docDisplay);
        ModelFile.WriteArray(w, _docSource);
        ModelFile.WriteStrings(w, UnknownLabels);
        w.Write(TrainingDocuments);
        ModelFile.WriteArray(w, _priors.Select(p => p.Class).ToArray());
        ModelFile.WriteArray(w, _priors.Select(p => p.Prior).ToArray());
        ModelFile.WriteArray(w, _parentOf);
    }

    internal static TechniqueModel Read(BinaryReader r)
    {
        var classes = ModelFile.ReadStrings(r);
        var features = ModelFile.ReadArray<int>(r);
        var idf = ModelFile.ReadArray<float>(r);
        Require(idf.Length == features.Length, "one IDF per feature");
        var indexes = new FeatureTable.Index[3];
        for (var i = 0; i < 3; i++)
        {
            indexes[i] = new FeatureTable.Index(ModelFile.ReadArray<int>(r), ModelFile.ReadArray<Posting>(r));
        }

        var docCount = r.ReadInt32();
        Require(docCount >= 0 && docCount <= r.BaseStream.Length - r.BaseStream.Position, "document count within the file");
        var docLabels = new int[docCount][];
        for (var i = 0; i < docCount; i++)
        {
            docLabels[i] = ModelFile.ReadArray<int>(r);
            Require(docLabels[i].All(c => c >= 0 && c < classes.Length), "document labels are classes");
        }

        var docDisplay = ModelFile.ReadStrings(r);
        var docSource = ModelFile.ReadArray<TrainingSource>(r);
        Require(docDisplay.Length == docCount && docSource.Length == docCount, "one text and source per document");
        var unknown = ModelFile.ReadStrings(r);
        var trainingDocuments = r.ReadInt32();
        var priorClasses = ModelFile.ReadArray<int>(r);
        var priorValues = ModelFile.ReadArray<float>(r);
        Require(priorClasses.Length == priorValues.Length && priorClasses.All(c => c >= 0 && c < classes.Length), "priors are classes");
        var parentOf = ModelFile.ReadArray<int>(r);
        Require(parentOf.Length == classes.Length && parentOf.All(c => c >= -1 && c < classes.Length), "one parent (or -1) per class");
        // Postings index classes (centroids, linear weights) or documents (neighbours); slots run front to back.
        for (var i = 0; i < 3; i++)
        {
            var (starts, postings) = indexes[i];
            var targets = i == 2 ? docCount : classes.Length;
            Require(starts.Length == features.Length + 1 && starts[0] == 0 && starts[^1] == postings.Length, "postings cover the table");
            Require(starts.Zip(starts.Skip(1)).All(x => x.First <= x.Second), "postings in slot order");
            Require(postings.All(p => p.Target >= 0 && p.Target < targets), "postings point at classes or documents");
        }

        var table = new FeatureTable(features, idf, indexes[0], indexes[1], indexes[2]);
        return new TechniqueModel(classes, table, docLabels, docDisplay, docSource, new ModelOptions(), unknown, trainingDocuments,
            priorClasses.Zip(priorValues).ToArray(), parentOf);
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException($"model file: expected {what}");
        }
    }
}
