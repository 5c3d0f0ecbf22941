using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Architecture;

public sealed class DependencyTests
{
    [Fact]
    public void Core_DoesNotReferenceWebOrEf() =>
        Assert.DoesNotContain(typeof(Technique).Assembly.GetReferencedAssemblies(),
            a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                 || a.Name!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
}
