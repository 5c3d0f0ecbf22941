using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Dettect;
using Tessera.Core.Security;
using Tessera.Server.Api.Coverage;
using Tessera.Server.Security;

namespace Tessera.Server.Components.Pages.Coverage;

public partial class CoverageSetupPage
{

    [Inject] private CoverageWrites Writes { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = null!;

    private static readonly long MaxSigmaBytes = new SigmaParserOptions().MaxFileBytes;

    // The stored settings prerendering loaded, carried into the circuit: no second read, no loading note between.
    [PersistentState(RestoreBehavior = RestoreBehavior.SkipLastSnapshot)] public CoverageSettings? Settings { get; set; }

    private SetupModel Model { get; set; } = new();
    private bool _canChange, _setPriority, _strict;
    private string? _dettectName, _dettectText, _sigmaMessage;
    private CoverageWriteResult<DettectImportView>? _dettect;
    private List<SigmaSourceText> _sigma = [];
    private ImportResultView? _sigmaResult;

    protected override async Task OnInitializedAsync()
    {
        _canChange = (await Auth).User.Has(Permission.ChangeCoverage);
        Settings ??= await Writes.LoadSettingsAsync(CancellationToken.None);
        Model = SetupModel.From(Settings);
    }

    private async Task SaveSettingsAsync()
    {
        if (!Model.TryBuild(out var settings))
        {
            return;
        }

        var saved = await Writes.SaveSettingsAsync(settings, (await Auth).User, CancellationToken.None);
        Model.Report(saved);
    }

    private async Task ReadDettectAsync(InputFileChangeEventArgs e)
    {
        (_dettectName, _dettect, _dettectText) = (e.File.Name, null, null);
        if (e.File.Size > DettectReader.MaxFileBytes)
        {
            _dettect = CoverageWriteResult<DettectImportView>.Failed($"{e.File.Name} is larger than {DettectReader.MaxFileBytes >> 20} MB.", 413);
            return;
        }

        using var reader = new StreamReader(e.File.OpenReadStream(DettectReader.MaxFileBytes));
        _dettectText = await reader.ReadToEndAsync();
    }

    private async Task ImportDettectAsync()
    {
        _dettect = await Writes.ImportDettectAsync(new DettectImportRequest(_dettectName ?? "dettect.yaml", _dettectText ?? "", _setPriority),
            (await Auth).User, CancellationToken.None);
        if (_dettect.Succeeded && _setPriority)
        {
            Model = SetupModel.From(await Writes.LoadSettingsAsync(CancellationToken.None));
        }
    }

    private async Task ReadSigmaAsync(InputFileChangeEventArgs e)
    {
        (_sigma, _sigmaResult, _sigmaMessage) = ([], null, null);
        if (e.FileCount > SetupModel.MaxSigmaFiles)
        {
            _sigmaMessage = $"{e.FileCount} files chosen; at most {SetupModel.MaxSigmaFiles} per upload.";
            return;
        }

        var tooLarge = new List<string>();
        foreach (var file in e.GetMultipleFiles(SetupModel.MaxSigmaFiles))
        {
            if (file.Size > MaxSigmaBytes)
            {
                tooLarge.Add(file.Name);
                continue;
            }

            using var reader = new StreamReader(file.OpenReadStream(MaxSigmaBytes));
            _sigma.Add(new SigmaSourceText(file.Name, await reader.ReadToEndAsync()));
        }

        if (tooLarge.Count > 0)
        {
            _sigmaMessage = $"Not read, larger than {MaxSigmaBytes >> 20} MB: {string.Join(", ", tooLarge)}.";
        }
    }

    private async Task ImportSigmaAsync()
    {
        var result = await Writes.ImportSigmaAsync(_sigma, _strict, null, (await Auth).User, CancellationToken.None);
        (_sigmaResult, _sigmaMessage) = (result.Value, result.Succeeded ? null : result.Message);
    }
}
