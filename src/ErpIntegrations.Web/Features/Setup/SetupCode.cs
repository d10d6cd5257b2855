using System.Security.Cryptography;
using System.Text;
using ErpIntegrations.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ErpIntegrations.Web.Features.Setup;

// The one-time code the /setup page asks for: made at start-up while no company exists and printed to the log, so that
// only someone who can read this instance's log sets the installation up. Kept in memory as a hash, compared in
// constant time, and gone once a company exists. The setup command needs none: it runs on the machine.
internal sealed class SetupCode(ILogger<SetupCode> logger)
{
    public const string Field = "SetupCode";
    public const string Wrong = "That is not the setup code. Enter the setup code printed in the application's log at start-up.";

    // No 0/O or 1/I/L: the code is read off a log and typed.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private byte[]? _hash;
    private volatile bool _setUp;

    public bool IsKnownSetUp => _setUp;

    public async Task IssueIfNotSetUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Companies.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            Complete();
            return;
        }

        var code = string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(Alphabet, 5)));
        Volatile.Write(ref _hash, Hash(code));
        logger.LogWarning(
            "No company exists yet. To set ERP Integrations up, open /setup and enter the setup code {SetupCode} (it works on this instance until setup is done or the app restarts), or run the setup command.",
            code);
    }

    public bool Accepts(string? typed) =>
        Volatile.Read(ref _hash) is { } hash && !string.IsNullOrWhiteSpace(typed) && CryptographicOperations.FixedTimeEquals(hash, Hash(typed));

    // Setup is done (here, by the command, or by another instance): no code opens /setup again.
    public void Complete()
    {
        _setUp = true;
        Volatile.Write(ref _hash, null);
    }

    private static byte[] Hash(string code)
    {
        var normalized = new string([.. code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
        return SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
    }
}
