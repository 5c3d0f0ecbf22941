namespace Tessera.Core.Attack;

/// <summary>
/// Read-only questions the product asks of one collection. None of them throws for unknown IDs or names
/// (e.g. v19 content looked up in 18.1): they return empty lists or a <see cref="TechniqueStatus.NotInVersion"/> result.
/// </summary>
public static class AttackQueries
{
    /// <summary>
    /// Looks up a technique or sub-technique ID. Revoked techniques come back with the final replacement
    /// (revoked-by chains are followed); IDs this release lacks come back as <see cref="TechniqueStatus.NotInVersion"/>.
    /// </summary>
    public static TechniqueLookup LookupTechnique(this AttackCollection collection, string attackId)
    {
        if (!TechniqueId.TryParse(attackId, out var id))
        {
            return new TechniqueLookup(attackId ?? "", TechniqueStatus.InvalidId);
        }

        var technique = collection.FindTechnique(id);
        if (technique is null)
        {
            return new TechniqueLookup(id.Value, TechniqueStatus.NotInVersion);
        }

        if (technique.Revoked)
        {
            return new TechniqueLookup(id.Value, TechniqueStatus.Revoked, technique, collection.ResolveRevocation(technique).Final as Technique);
        }

        return new TechniqueLookup(id.Value, technique.Deprecated ? TechniqueStatus.Deprecated : TechniqueStatus.Active, technique);
    }

    /// <summary>
    /// Typo-tolerant search over names, aliases and ATT&amp;CK IDs of active techniques, tactics, groups, software,
    /// campaigns and mitigations, best first ("powershel" finds T1059.001, "G0016" finds APT29).
    /// </summary>
    public static IReadOnlyList<SearchHit> Search(this AttackCollection collection, string query, int limit = 10) =>
        collection.Index.Search.Search(query, limit, static o => o.IsActive);

    /// <summary>Like <see cref="Search"/> but only over active techniques and sub-techniques.</summary>
    public static IReadOnlyList<SearchHit> SearchTechniques(this AttackCollection collection, string query, int limit = 10) =>
        collection.Index.Search.Search(query, limit, static o => o is Technique && o.IsActive);

    /// <summary>The tactic with this short name (<c>execution</c>) or ID (<c>TA0002</c>), or null — e.g. for the v19 "stealth".</summary>
    public static Tactic? FindTactic(this AttackCollection collection, string shortNameOrId) =>
        collection.Index.TacticByShortName.GetValueOrDefault(shortNameOrId.Trim())
        ?? collection.Tactics.Where(t => t.AttackId.Equals(shortNameOrId.Trim(), StringComparison.OrdinalIgnoreCase)).OrderBy(t => t.IsActive ? 0 : 1).FirstOrDefault();

    /// <summary>
    /// Active techniques (and, when asked, sub-techniques) of a tactic and/or platform, sorted by name.
    /// A null filter matches everything; an unknown tactic or platform yields an empty list.
    /// </summary>
    public static IReadOnlyList<Technique> FindTechniques(this AttackCollection collection, string? tactic = null, string? platform = null, bool includeSubtechniques = true)
    {
        IEnumerable<Technique> techniques;
        if (tactic is null)
        {
            techniques = collection.Techniques.Where(t => t.IsActive).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase);
        }
        else
        {
            var shortName = collection.FindTactic(tactic)?.ShortName;
            techniques = shortName is null ? [] : collection.Index.ActiveByTactic.GetValueOrDefault(shortName) ?? [];
        }

        return techniques
            .Where(t => includeSubtechniques || !t.IsSubtechnique)
            .Where(t => platform is null || t.Platforms.Contains(platform, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>Active sub-techniques of a technique, by ID; empty for a sub-technique or a technique without any.</summary>
    public static IReadOnlyList<Technique> Subtechniques(this AttackCollection collection, Technique technique) =>
        (collection.Index.SubtechniquesOf.GetValueOrDefault(technique.StixId) ?? []).Where(t => t.IsActive).ToList();

    /// <summary>The parent of a sub-technique, or null for a technique.</summary>
    public static Technique? ParentOf(this AttackCollection collection, Technique technique) =>
        collection.Index.ParentOf.GetValueOrDefault(technique.StixId);

    /// <summary>
    /// Groups, software and campaigns that use the technique, with procedure text and citations, sorted by
    /// kind then name. Revoked or deprecated users and relationships are left out.
    /// </summary>
    public static IReadOnlyList<ProcedureExample> ProcedureExamples(this AttackCollection collection, Technique technique) =>
        collection.RelationshipsTo(technique.StixId)
            .Where(r => r.Type == "uses" && !r.Revoked && !r.Deprecated)
            .Select(r => (r, user: collection.FindByStixId(r.SourceRef)))
            .Where(x => x.user is Group or Software or Campaign && x.user.IsActive)
            .Select(x => new ProcedureExample(x.user!, x.r.Description, x.r.References))
            .OrderBy(p => p.User switch { Group => 0, Campaign => 1, _ => 2 })
            .ThenBy(p => p.User.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Active techniques <paramref name="user"/> (a group, software or campaign) uses, one entry per <c>uses</c>
    /// relationship, in relationship order. Revoked or deprecated relationships and techniques are left out.
    /// </summary>
    public static IEnumerable<TechniqueUse> TechniquesUsedBy(this AttackCollection collection, AttackObject user)
    {
        foreach (var r in collection.RelationshipsFrom(user.StixId))
        {
            if (r is { Type: "uses", Revoked: false, Deprecated: false } && collection.FindByStixId<Technique>(r.TargetRef) is { IsActive: true } technique)
            {
                yield return new TechniqueUse(technique, r.Description, r.References);
            }
        }
    }

    /// <summary>Active mitigations of the technique with how each applies, by mitigation ID.</summary>
    public static IReadOnlyList<MitigationUse> Mitigations(this AttackCollection collection, Technique technique) =>
        collection.RelationshipsTo(technique.StixId)
            .Where(r => r.Type == "mitigates" && !r.Revoked && !r.Deprecated)
            .Select(r => (r, m: collection.FindByStixId<Mitigation>(r.SourceRef)))
            .Where(x => x.m is { IsActive: true })
            .Select(x => new MitigationUse(x.m!, x.r.Description))
            .OrderBy(m => m.Mitigation.AttackId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Techniques related through a shared tactic: for a sub-technique its active siblings; for a technique the
    /// other active techniques (not sub-techniques) of any of its tactics. Sorted by name.
    /// </summary>
    public static IReadOnlyList<Technique> RelatedTechniques(this AttackCollection collection, Technique technique)
    {
        if (technique.IsSubtechnique && collection.ParentOf(technique) is { } parent)
        {
            return collection.Subtechniques(parent).Where(t => t.StixId != technique.StixId).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        return technique.Tactics
            .SelectMany(tactic => collection.Index.ActiveByTactic.GetValueOrDefault(tactic) ?? [])
            .Where(t => !t.IsSubtechnique && t.StixId != technique.StixId)
            .DistinctBy(t => t.StixId)
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// Follows revoked-by relationships from an object to its final replacement. Returns the object itself as
    /// <see cref="RevocationChain.Final"/> when it is not revoked, and a null Final when the chain breaks or loops.
    /// </summary>
    public static RevocationChain ResolveRevocation(this AttackCollection collection, AttackObject start)
    {
        var steps = new List<AttackObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.StixId };
        var current = start;
        while (current.Revoked)
        {
            if (!collection.Index.RevokedBy.TryGetValue(current.StixId, out var next)
                || collection.FindByStixId(next) is not { } replacement
                || !seen.Add(replacement.StixId))
            {
                return new RevocationChain(start, steps, null);
            }

            steps.Add(replacement);
            current = replacement;
        }

        return new RevocationChain(start, steps, current);
    }

    /// <summary>
    /// The detection model for a technique: v18 detection strategies with their analytics, log sources and data
    /// components, and the 17.x data components that <c>detect</c> it with their data sources.
    /// </summary>
    public static TechniqueDetection Detection(this AttackCollection collection, Technique technique)
    {
        var detects = collection.RelationshipsTo(technique.StixId).Where(r => r.Type == "detects" && !r.Revoked && !r.Deprecated).ToList();

        var strategies = detects
            .Select(r => collection.FindByStixId<DetectionStrategy>(r.SourceRef))
            .OfType<DetectionStrategy>()
            .Where(s => s.IsActive)
            .OrderBy(s => s.AttackId, StringComparer.Ordinal)
            .Select(s => new DetectionStrategyView(s, s.AnalyticRefs
                .Select(a => collection.FindByStixId<Analytic>(a))
                .OfType<Analytic>()
                .Where(a => a.IsActive)
                .Select(a => new AnalyticView(a, a.LogSources
                    .Select(l => new LogSourceView(l.Name, l.Channel, l.DataComponentStixId is null ? null : collection.FindByStixId<DataComponent>(l.DataComponentStixId)))
                    .ToList()))
                .ToList()))
            .ToList();

        var components = detects
            .Select(r => (r, c: collection.FindByStixId<DataComponent>(r.SourceRef)))
            .Where(x => x.c is { IsActive: true })
            .Select(x => new DetectingComponent(x.c!, x.c!.DataSourceRef is null ? null : collection.FindByStixId<DataSource>(x.c.DataSourceRef), x.r.Description))
            .OrderBy(d => d.Source?.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(d => d.Component.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new TechniqueDetection(technique, strategies, components);
    }

    /// <summary>
    /// The matrix as drawn: tactic columns in matrix order, each with its active techniques sorted by name and
    /// those of their active sub-techniques that share the column's tactic, sorted by name. Uses the first active matrix unless one is given; null when
    /// the collection has no matrix.
    /// </summary>
    public static MatrixLayout? Matrix(this AttackCollection collection, Matrix? matrix = null)
    {
        matrix ??= collection.Matrices.FirstOrDefault(m => m.IsActive) ?? collection.Matrices.FirstOrDefault();
        if (matrix is null)
        {
            return null;
        }

        var columns = matrix.TacticRefs
            .Select(r => collection.FindByStixId<Tactic>(r))
            .OfType<Tactic>()
            .Select(tactic => new MatrixColumn(tactic, collection.FindTechniques(tactic.ShortName, includeSubtechniques: false)
                .Select(t => new MatrixCell(t, collection.Subtechniques(t)
                    .Where(s => s.Tactics.Contains(tactic.ShortName, StringComparer.OrdinalIgnoreCase))
                    .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                    .ToList()))
                .ToList()))
            .ToList();
        return new MatrixLayout(matrix, columns);
    }
}
