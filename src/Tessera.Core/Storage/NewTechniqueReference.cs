namespace Tessera.Core.Storage;

/// <summary>Input for <see cref="ITechniqueReferenceStore.AddAsync"/>.</summary>
public sealed record NewTechniqueReference(string OwnerType, string OwnerId, string TechniqueId, string CollectionKey);
