namespace Tessera.Server.Components.Shared;

/// <summary>
/// What a page loaded, with the route or query parameters it loaded it for: the shape pages whose data depends on their
/// parameters carry from prerendering into the circuit (<c>[PersistentState]</c>). The circuit's first render takes it
/// only when it was loaded for the parameters that render has; any other loads again.
/// </summary>
public sealed record LoadedFor<T>(string Parameters, T Value)
{
    /// <summary><paramref name="restored"/> when it was loaded for <paramref name="parameters"/>, else what <paramref name="load"/> reads.</summary>
    public static async Task<LoadedFor<T>> ReuseOrLoadAsync(LoadedFor<T>? restored, string parameters, Func<Task<T>> load) =>
        restored is not null && restored.Parameters == parameters ? restored : new LoadedFor<T>(parameters, await load());
}
