using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Server.Components.Shared;

/// <summary>
/// How pages carry what prerendering loaded into their circuit (<c>[PersistentState]</c> properties). The browser sends
/// the page's state back when the circuit starts, in one SignalR message: past the hub's limit the circuit never starts
/// (the page stays static and every click is lost), so each value has a budget, and a value over it is not carried: the
/// circuit then loads it itself, as pages did before, showing its loading note meanwhile.
/// </summary>
public static class PrerenderState
{
    /// <summary>
    /// Largest JSON one value may have. The HTML carries it base64 twice over (about 1.8 times the JSON); a page with two
    /// values at the budget stays under <see cref="MaxCircuitMessageBytes"/>.
    /// </summary>
    public const int MaxJsonBytes = 128 * 1024;

    /// <summary>The Blazor hub's limit on one message from the browser (SignalR's default, 32 KB, is less than a page of rules).</summary>
    public const long MaxCircuitMessageBytes = 512 * 1024;

    /// <summary>The framework's own options for <c>[PersistentState]</c> values (camel case, names matched without case).</summary>
    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    /// <summary>Registers the budgeted serializer for the type of every <c>[PersistentState]</c> property of this assembly's components.</summary>
    public static IServiceCollection AddPrerenderState(this IServiceCollection services)
    {
        foreach (var type in PersistedTypes())
        {
            services.AddSingleton(typeof(PersistentComponentStateSerializer<>).MakeGenericType(type), typeof(Serializer<>).MakeGenericType(type));
        }

        return services;
    }

    /// <summary>The types of the <c>[PersistentState]</c> properties of this assembly's components.</summary>
    public static IReadOnlySet<Type> PersistedTypes() =>
        typeof(PrerenderState).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            .Where(p => p.GetCustomAttribute<PersistentStateAttribute>() is not null)
            .Select(p => p.PropertyType)
            .ToHashSet();

    /// <summary>JSON as the framework writes it, or nothing when the value is over <see cref="MaxJsonBytes"/>.</summary>
    public sealed class Serializer<T> : PersistentComponentStateSerializer<T> where T : class
    {
        public override void Persist(T value, IBufferWriter<byte> writer)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(value, Json);
            if (json.Length <= MaxJsonBytes)
            {
                writer.Write(json);
            }
        }

        public override T Restore(ReadOnlySequence<byte> data)
        {
            if (data.IsEmpty)
            {
                // Over the budget when prerendered: the page sees no value and loads.
                return null!;
            }

            var reader = new Utf8JsonReader(data);
            return JsonSerializer.Deserialize<T>(ref reader, Json)!;
        }
    }
}
