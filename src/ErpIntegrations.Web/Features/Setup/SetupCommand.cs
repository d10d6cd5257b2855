using System.Text;
using ErpIntegrations.Web.Domain;

namespace ErpIntegrations.Web.Features.Setup;

// setup --company "..." --email ... [--name ...]: migrates the database, creates the first company and its
// Directory Admin through CreateFirstCompany, prints what it did and ends — the web server is not started.
// The password comes from ERP_SETUP_PASSWORD or standard input, never from the command line (it would
// stay in the shell's history and the process list); typed at a terminal, it is not echoed.
internal static class SetupCommand
{
    public const string PasswordVariable = "ERP_SETUP_PASSWORD";

    public const string Usage =
        """
        Usage: dotnet run --project src/ErpIntegrations.Web -- setup --company "Company name" --email admin@company.com [--name "Your name"]
        Configuration keys may follow, as --App:DataDirectory=/srv/erp or --App:DataDirectory /srv/erp.
        The password is read from the environment variable ERP_SETUP_PASSWORD, or else from standard input.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "setup";

    // Runs the command; returns the process exit code (0 done, 1 refused: already set up, 2 wrong input).
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, Func<Task<string?>> readPassword, TextWriter output, TextWriter error, string? passwordFromEnvironment, Func<Task> migrate)
    {
        var options = Parse(args[1..]);
        if (options is null || !options.TryGetValue("company", out var company) || !options.TryGetValue("email", out var email))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        await migrate();
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<CreateFirstCompany.Handler>();
        if (await handler.IsSetUpAsync(CancellationToken.None))
        {
            await error.WriteLineAsync($"Setup refused. {CreateFirstCompany.AlreadySetUp}");
            return 1;
        }

        var password = passwordFromEnvironment;
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteAsync($"Password for {email} (or set {PasswordVariable}): ");
            password = await readPassword();
        }

        try
        {
            var done = await handler.HandleAsync(new CreateFirstCompany.Command(company, email, options.GetValueOrDefault("name"), password), CancellationToken.None);
            await output.WriteLineAsync(
                $"""
                Set up "{done.CompanyName}" (company {done.CompanyId}).
                  ERP connection: {done.ErpName} ({done.ErpConnector}){(done.HasLedger ? $", ledger {done.ErpConnection}" : "")}. Next: {done.NextStep}.
                  First Directory Admin: {done.Name} <{done.Email}> — also ERP Integrations Admin and 'Can Push to Accounting'.
                Start the app (dotnet run --project src/ErpIntegrations.Web -- --App:SeedDemo=false) and sign in as {done.Email}.
                """);
            return 0;
        }
        catch (InputException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                await error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            }

            return 2;
        }
        catch (DomainRuleException refused)
        {
            await error.WriteLineAsync($"Setup refused. {refused.Message}");
            return 1;
        }
    }

    public static string ReadFromTerminalWithoutEcho(TextWriter error)
    {
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }

    private static Dictionary<string, string>? Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--company" or "--email" or "--name" && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                // Only configuration overrides (--App:DataDirectory=... or --App:DataDirectory ...) may stand beside the command's own options.
                return null;
            }
            else if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                // Paired as ASP.NET Core's command-line configuration pairs it: the next argument is the key's value,
                // whatever it looks like, so the command and the app's configuration read the same arguments alike.
                if (++i == args.Length)
                {
                    return null;
                }
            }
        }

        return options;
    }
}
