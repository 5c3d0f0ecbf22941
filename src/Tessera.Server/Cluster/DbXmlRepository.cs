using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Tessera.Infrastructure.Jobs;
using Tessera.Infrastructure.Storage;

namespace Tessera.Server.Cluster;

/// <summary>
/// The Data Protection key ring in the Tessera database, so every instance behind one load balancer protects and
/// unprotects with the same keys (sign-in cookies, antiforgery tokens, Blazor circuit state). Keys are stored as
/// plain XML: anyone who can read the database can forge cookies, so protect the database as you protect the keys.
/// </summary>
public sealed class DbXmlRepository(IDbContextFactory<TesseraDbContext> contexts) : IXmlRepository
{
    // IXmlRepository is synchronous by contract; the framework calls it rarely (start, key rotation, unknown key).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return db.Set<DataProtectionKeyEntity>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().ConvertAll(XElement.Parse);
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.Set<DataProtectionKeyEntity>().Add(new DataProtectionKeyEntity { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
