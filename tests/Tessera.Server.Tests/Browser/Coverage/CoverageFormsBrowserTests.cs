using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Browser.Coverage;

// The forms share the demo server of the dashboard tests; each writes only what leaves the demo's states intact
// (a rule on T1059.001, a source providing Sysmon process creation that the demo already has, group scores).
public sealed partial class CoverageBrowserTests
{
    private async Task<IPage> OpenFormAsync(string path, string form)
    {
        var page = await SignInAsync("engineer", path);
        await page.Locator($"[data-testid={form}] summary").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);
        await page.ClickAsync($"[data-testid={form}] summary");
        return page;
    }

    [Fact]
    public async Task ManualRule_BadTechniqueThenFixed_NamesFieldThenAddsToRegistry()
    {
        var page = await OpenFormAsync("rules", "new-rule");

        await page.SelectOptionAsync("[data-testid=new-rule-source]", "Kql");
        await page.FillAsync("[data-testid=new-rule-title]", "Encoded PowerShell from Office <b>parent</b>");
        await page.FillAsync("[data-testid=new-rule-query]", "DeviceProcessEvents | where FileName =~ 'powershell.exe'");
        await page.FillAsync("[data-testid=new-rule-techniques]", "T1059.001, T99");
        await page.ClickAsync("[data-testid=new-rule-save]");
        var error = await page.Locator("[data-testid=new-rule-error]").InnerTextAsync();
        Assert.Contains("techniques", error);
        Assert.Contains("'T99' is not a technique ID", error);

        await page.FillAsync("[data-testid=new-rule-techniques]", "T1059.001");
        await page.FillAsync("[data-testid=new-rule-owner]", "form-team");
        await page.ClickAsync("[data-testid=new-rule-save]");
        await page.Locator("[data-testid=new-rule-created]").WaitForAsync();

        await page.ClickAsync("[data-testid=new-rule-created] a");
        await page.Locator("[data-testid=rule-title]").WaitForAsync();
        // Untrusted text stays text: the markup is shown, not rendered.
        Assert.Equal("Encoded PowerShell from Office <b>parent</b>", await page.Locator("[data-testid=rule-title]").InnerTextAsync());
        Assert.Equal("form-team", await page.Locator("[data-testid=rule-owner]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Forms_Viewer_SeesNoWriteForms()
    {
        var page = await SignInAsync("viewer", "rules");
        await page.Locator("[data-testid=rules-table]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=new-rule]").CountAsync());

        await UiSession.OpenAsync(page, new Uri(server.BaseAddress, "coverage/data-sources").ToString());
        await page.Locator("[data-testid=data-sources]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=new-source]").CountAsync());

        await UiSession.OpenAsync(page, new Uri(server.BaseAddress, "coverage/setup").ToString());
        await page.Locator("[data-testid=coverage-settings]").WaitForAsync();
        Assert.True(await page.Locator("[data-testid=cadence-default]").IsDisabledAsync());
        Assert.Equal(0, await page.Locator("[data-testid=settings-save]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=dettect-import]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DataSourceForm_EngineerRegisters_RowAppearsAndMissingProvidesIsNamed()
    {
        var page = await OpenFormAsync("coverage/data-sources", "new-source");

        await page.FillAsync("[data-testid=new-source-name]", "Branch office Sysmon");
        await page.ClickAsync("[data-testid=new-source-save]");
        Assert.Contains("dataComponents", await page.Locator("[data-testid=new-source-error]").InnerTextAsync());

        await page.FillAsync("[data-testid=new-source-platform]", "Windows");
        await page.FillAsync("[data-testid=new-source-provides]", "WinEventLog:Sysmon EventCode=1; DC0032");
        await page.ClickAsync("[data-testid=new-source-save]");
        await page.Locator("[data-testid='source-Branch office Sysmon']").WaitForAsync();
        var row = await page.Locator("[data-testid='source-Branch office Sysmon']").InnerTextAsync();
        Assert.Contains("WinEventLog:Sysmon", row);
        // The data component is named from the loaded ATT&CK release, not only by its ID.
        Assert.Equal(["DC0032 Process Creation"], await page.Locator("[data-testid='source-Branch office Sysmon'] [data-testid=component]").AllInnerTextsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Setup_BadOwnerCadenceLine_IsNamed_DettectGroupsFile_ReportsMapping()
    {
        var page = await SignInAsync("engineer", "coverage/setup");
        await page.Locator("[data-testid=settings-save]").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await page.FillAsync("[data-testid=owner-cadences]", "blue-team = 30\nred-team thirty");
        await page.ClickAsync("[data-testid=settings-save]");
        Assert.Contains("line 2", await page.Locator("[data-testid=settings-message]").InnerTextAsync());

        await page.FillAsync("[data-testid=owner-cadences]", "blue-team = 30");
        await page.ClickAsync("[data-testid=settings-save]");
        await page.Locator("[data-testid=settings-message]", new() { HasText = "Saved." }).WaitForAsync();

        await page.SetInputFilesAsync("[data-testid=dettect-file]", SharedData.Combine("dettect", "sample-data", "groups.yaml"));
        await page.Locator("[data-testid=dettect-import-button]:not([disabled])").WaitForAsync();
        await page.ClickAsync("[data-testid=dettect-import-button]");
        await page.Locator("[data-testid=dettect-result]").WaitForAsync();
        Assert.True(await page.Locator("[data-testid=dettect-mapping] tbody tr").CountAsync() > 0);

        var viewer = await SignInAsync("viewer", "coverage/setup");
        await viewer.Locator("[data-testid=owner-cadences]").WaitForAsync();
        Assert.Contains("blue-team = 30", await viewer.Locator("[data-testid=owner-cadences]").InputValueAsync());
        await page.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }
}
