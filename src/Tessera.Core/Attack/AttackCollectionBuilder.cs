namespace Tessera.Core.Attack;

/// <summary>Accumulates parsed objects and relationships, then freezes them into an <see cref="AttackCollection"/>.</summary>
public sealed class AttackCollectionBuilder
{
    private readonly List<AttackObject> _objects = [];
    private readonly List<Relationship> _relationships = [];

    public void Add(AttackObject obj) => _objects.Add(obj);

    public void Add(Relationship relationship) => _relationships.Add(relationship);

    public int ObjectCount => _objects.Count;

    public AttackCollection Build(CollectionInfo info) => new(info, _objects, _relationships);
}
