namespace Tessera.Core.Exposures;

/// <summary>Which acceptances a list asks for (API <c>?acceptance=</c>, CLI <c>--acceptance</c>); see <see cref="AcceptanceReminder"/>.</summary>
public enum ExposureAcceptanceFilter
{
    /// <summary>Running acceptances whose end day falls within the window (<c>ending-soon</c>).</summary>
    EndingSoon,

    /// <summary>Acceptances whose end day has begun and that nobody has changed since (<c>expired</c>); they count as open.</summary>
    Expired,
}
