namespace Tessera.Core.Navigator;

/// <summary>An entry of a <c>metadata</c> array: <see cref="LayerMetadata"/> or <see cref="LayerDivider"/>.</summary>
public interface ILayerMetadataItem;

/// <summary>An entry of a <c>links</c> array: <see cref="LayerLink"/> or <see cref="LayerDivider"/>.</summary>
public interface ILayerLinkItem;

/// <summary>A named metadata value shown in the technique tooltip.</summary>
public sealed record LayerMetadata(string Name, string Value) : ILayerMetadataItem;

/// <summary>A hyperlink; the reader accepts only http and https URLs.</summary>
public sealed record LayerLink(string Label, string Url) : ILayerLinkItem;

/// <summary>
/// <c>{"divider": true}</c>: a separator line in a metadata tooltip or link menu. A divider written as
/// <c>false</c> is kept so that the file round-trips, though the Navigator draws nothing for it.
/// </summary>
public sealed record LayerDivider(bool Visible = true) : ILayerMetadataItem, ILayerLinkItem
{
    public static LayerDivider Line { get; } = new();
}
