namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// Imports every Sigma file (*.yml, *.yaml) under a folder or a SigmaHQ git checkout, parsing files in
/// parallel. Hidden folders (.git, .github) are skipped and symbolic links are not followed, so a checkout
/// cannot pull in files from outside the root. When the root has top-level folders named <c>rules*</c>
/// (the SigmaHQ layout: rules, rules-emerging-threats, rules-threat-hunting …) only those are read, which
/// leaves out tests/, tools/ and deprecated/ content that is not meant to be deployed.
/// </summary>
public sealed class SigmaFolderImporter(SigmaParserOptions? options = null)
{
    private readonly SigmaRuleParser _parser = new(options);

    /// <summary>
    /// Imports <paramref name="root"/>. Never throws for bad files (they are rejections); throws
    /// <see cref="DirectoryNotFoundException"/> when the root does not exist and <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public async Task<SigmaImportResult> ImportAsync(string root, CancellationToken ct)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"Sigma folder '{root}' does not exist");
        }

        var files = EnumerateRuleFiles(fullRoot);
        var results = new SigmaParseResult[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count),
            new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, token) =>
            {
                var relative = Path.GetRelativePath(fullRoot, files[i]).Replace('\\', '/');
                var folder = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? "";
                results[i] = await _parser.ParseFileAsync(files[i], relative, folder, token).ConfigureAwait(false);
            }).ConfigureAwait(false);

        return Collect(fullRoot, results);
    }

    /// <summary>
    /// Imports files already in memory (an API upload), applying the same per-file parsing and duplicate-id rules
    /// as a folder import. <paramref name="root"/> only labels the result.
    /// </summary>
    public SigmaImportResult ImportTexts(IReadOnlyList<SigmaSourceText> files, string root = "(upload)")
    {
        var results = new SigmaParseResult[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            var folder = Path.GetDirectoryName(files[i].Path)?.Replace('\\', '/') ?? "";
            results[i] = _parser.Parse(files[i].Text, files[i].Path, folder);
        });
        return Collect(root, results);
    }

    internal static List<string> EnumerateRuleFiles(string root)
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = true,
        };
        var topFolders = Directory.GetDirectories(root, "*", enumeration)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .ToList();
        var ruleFolders = topFolders.Where(d => Path.GetFileName(d).StartsWith("rules", StringComparison.Ordinal)).ToList();

        var files = new List<string>();
        if (ruleFolders.Count > 0)
        {
            foreach (var folder in ruleFolders)
            {
                Walk(folder, enumeration, files);
            }
        }
        else
        {
            Walk(root, enumeration, files);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Walk(string folder, EnumerationOptions options, List<string> files)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", options))
        {
            if (file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            {
                files.Add(file);
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder, "*", options))
        {
            if (!Path.GetFileName(sub).StartsWith('.'))
            {
                Walk(sub, options, files);
            }
        }
    }

    private static SigmaImportResult Collect(string root, SigmaParseResult[] results)
    {
        var firstFileById = new Dictionary<Guid, string>();
        var rejections = new List<SigmaFileRejection>();
        var duplicates = new List<SigmaDuplicateId>();
        var accepted = new List<SigmaParseResult>(results.Length);
        foreach (var result in results)
        {
            if (!result.IsValid)
            {
                rejections.Add(new SigmaFileRejection(result.File, result.Errors));
                continue;
            }

            var errors = new List<DetectionIssue>();
            var claimed = new List<Guid>();
            foreach (var doc in result.Documents)
            {
                if (doc.Id is not { } id)
                {
                    continue;
                }

                if (firstFileById.TryGetValue(id, out var first) || claimed.Contains(id))
                {
                    first ??= result.File;
                    duplicates.Add(new SigmaDuplicateId(id, first, result.File));
                    errors.Add(new DetectionIssue(DetectionIssueKind.DuplicateId,
                        $"rule id {id} is already used by '{first}'", new SourceLocation(result.File)));
                }
                else
                {
                    claimed.Add(id);
                }
            }

            if (errors.Count > 0)
            {
                rejections.Add(new SigmaFileRejection(result.File, errors));
                continue;
            }

            foreach (var id in claimed)
            {
                firstFileById[id] = result.File;
            }

            accepted.Add(result);
        }

        return new SigmaImportResult
        {
            Root = root,
            FilesScanned = results.Length,
            Rules = accepted.SelectMany(r => r.Rules).ToList(),
            Correlations = accepted.SelectMany(r => r.Correlations).ToList(),
            Filters = accepted.SelectMany(r => r.Filters).ToList(),
            Rejections = rejections,
            DuplicateIds = duplicates,
            Warnings = accepted.SelectMany(r => r.Warnings).ToList(),
        };
    }
}
