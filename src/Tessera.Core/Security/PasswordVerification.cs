namespace Tessera.Core.Security;

/// <summary>Outcome of <see cref="PasswordHasher.Verify"/>.</summary>
public enum PasswordVerification
{
    Failed,
    Success,
    /// <summary>Right password, weaker parameters than current: store a fresh <see cref="PasswordHasher.Hash"/>.</summary>
    SuccessRehashNeeded,
}
