namespace Tessera.Core.Navigator;

/// <summary>
/// Conversions behind <c>tessera layer convert</c>: any readable layer (2.x to 4.5, single or multi-layer)
/// to 4.5 JSON, or a layer to CSV. All or nothing: the output is written only when the input reads
/// without errors.
/// </summary>
public static class LayerConverter
{
    /// <summary>
    /// Reads <paramref name="input"/> and, when it has no errors, writes it as layer 4.5 JSON to
    /// <paramref name="output"/> (an array when the input held several layers). Returns the read result with
    /// its issues and the upgrade notes; nothing is written on failure.
    /// </summary>
    public static async Task<LayerReadResult> ToLatestAsync(Stream input, Stream output, CancellationToken ct)
    {
        var result = await LayerReader.ReadAsync(input, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result;
        }

        using var buffer = new MemoryStream();
        if (result.Layers.Count == 1)
        {
            LayerWriter.Write(result.Layers[0], buffer);
        }
        else
        {
            LayerWriter.Write(result.Layers, buffer);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Reads <paramref name="input"/> and writes the CSV of the layer at <paramref name="layerIndex"/> to
    /// <paramref name="output"/>. Returns the read result; writes nothing when it failed or the index is out of range
    /// (then <see cref="LayerReadResult.Succeeded"/> stays true and the caller reports the layer count).
    /// </summary>
    public static async Task<LayerReadResult> ToCsvAsync(Stream input, TextWriter output, int layerIndex, CancellationToken ct)
    {
        var result = await LayerReader.ReadAsync(input, ct).ConfigureAwait(false);
        if (result.Succeeded && layerIndex >= 0 && layerIndex < result.Layers.Count)
        {
            LayerCsvWriter.Write(result.Layers[layerIndex], output);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }

        return result;
    }
}
