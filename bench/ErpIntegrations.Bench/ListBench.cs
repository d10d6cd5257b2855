// The Sub Jobs list at scale: "seed" fills a database through the app's own model (its entities, their state
// transitions and its DbContext, in big transactions), "lists" measures the list API on it beside a baseline taken in
// the same run (GET /health on the same server), since absolute figures swing threefold on a shared machine.
//   dotnet run -c Release --project bench/ErpIntegrations.Bench -- seed --sub-jobs 1000000 --companies 1000 --data DIR
//   dotnet run -c Release --project bench/ErpIntegrations.Bench -- lists --data DIR
// The demo company ("Demo Construction Co.", whose approver the figures are measured as) gets --largest sub jobs
// (default a tenth of them), the other companies share the rest. Add --Database:Provider=Postgres
// --ConnectionStrings:Default=... for PostgreSQL (the data directory then holds only the Sandbox ERP's store).
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ErpIntegrations.Connectors;
using ErpIntegrations.Web;
using ErpIntegrations.Web.Data;
using ErpIntegrations.Web.Domain;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

internal static class ListBench
{
    private static readonly string[] Places = ["Riverside", "Harbor", "Northgate", "Lakeside", "Summit", "Cedar", "Granite", "Willow", "Bayfront", "Meadow"];
    private static readonly string[] Buildings = ["Medical Center", "Apartments", "Office Park", "School", "Warehouse", "Library", "Hotel", "Stadium"];
    private static readonly string[] Works = ["foundations", "framing", "drywall", "roofing", "plumbing rough-in", "electrical", "sitework", "paving", "curtain wall", "elevators", "fire sprinklers", "landscaping"];
    private static readonly string[] Parts = ["Building A", "Building B", "Level 1", "Level 2", "Level 3", "Podium", "Garage", "East wing", "West wing", "Tower"];

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args[0];
        var data = Text(args, "--data") ?? Path.Combine(Path.GetTempPath(), "erp-bench-lists");
        Directory.CreateDirectory(data);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)),
                $"--App:DataDirectory={data}", "--urls=http://127.0.0.1:0", "--App:SeedDemo=true"],
            EnvironmentName = "Production",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddErpIntegrations();
        await using var app = builder.Build();
        var migrate = Stopwatch.StartNew();
        await app.PrepareDatabaseAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Database ready (migrations and demo) in {migrate.Elapsed.TotalSeconds:F1} s"));
        app.UseErpIntegrations();
        return command == "seed"
            ? await SeedAsync(app, Option(args, "--sub-jobs", 1_000_000), Option(args, "--companies", 1000), Option(args, "--largest", -1))
            : await MeasureAsync(app, Option(args, "--requests", 300));
    }

    private static async Task<int> SeedAsync(WebApplication app, int subJobs, int companies, int largest)
    {
        largest = largest < 0 ? subJobs / 10 : Math.Min(largest, subJobs);
        var connectors = app.Services.GetRequiredService<ErpConnectors>();
        var clock = Stopwatch.StartNew();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var tenants = new List<Tenant>(companies);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var demo = await db.Companies.SingleAsync(c => c.Name == "Demo Construction Co.");
            tenants.Add(await TenantAsync(app, connectors, demo, null));
        }

        for (var c = 1; c < companies; c++)
        {
            tenants.Add(await TenantAsync(app, connectors, null, $"Bench Company {c:D4}"));
        }

        // Sub jobs are written in the order of their sent dates, across companies, so that their ids (version 7, from
        // that date) grow as the tables' keys do and every insert lands at the end of its index.
        var step = TimeSpan.FromDays(365) / subJobs;
        var first = now - TimeSpan.FromDays(365);
        var random = new Random(42);
        const int chunk = 10_000;
        for (var start = 0; start < subJobs; start += chunk)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.WithoutNotifications = true;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var attached = new HashSet<Tenant>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = start; i < Math.Min(subJobs, start + chunk); i++)
            {
                // The demo company takes `largest` of them, evenly spread; the others take turns.
                var tenant = (long)i * largest / subJobs != (long)(i + 1) * largest / subJobs || companies == 1
                    ? tenants[0]
                    : tenants[1 + (i % (companies - 1))];
                if (attached.Add(tenant))
                {
                    db.AttachRange(tenant.Projects);
                }

                var n = tenant.Written++;
                var project = tenant.Projects[n % tenant.Projects.Length];
                var sent = first + (step * i);
                var code = $"SJ{n:D7}";
                var description = $"{Parts[random.Next(Parts.Length)]} - {Works[random.Next(Works.Length)]}";
                var subJob = SubJob.Create(project, code, description, [tenant.CostCodes[n % tenant.CostCodes.Length]], tenant.Pm, sent);
                subJob.SendToErp(tenant.Erp, tenant.Pm, sent);
                db.SubJobs.Add(subJob);

                // 40 % Ready to Export, 10 % Failed to Export, 50 % Synced.
                var roll = n % 10;
                if (roll >= 4)
                {
                    var request = subJob.Accept(code, tenant.Approver, sent);
                    if (roll == 4)
                    {
                        request.Fail("Sandbox ERP refused the sub job: cost code is closed.", sent);
                        subJob.MarkExportFailed("Sandbox ERP refused the sub job: cost code is closed.", sent);
                    }
                    else
                    {
                        request.Succeed($"R{n}", sent);
                        subJob.MarkExported($"R{n}", sent);
                    }

                    db.ErpRequests.Add(request);
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            if ((start / chunk) % 10 == 9)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start + chunk:N0} sub jobs, {(start + chunk) / clock.Elapsed.TotalSeconds:F0} sub jobs/s"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {subJobs:N0} sub jobs in {companies} companies ({tenants[0].Written:N0} in Demo Construction Co.) in {clock.Elapsed.TotalSeconds:F0} s"));
        return 0;
    }

    private sealed class Tenant(Project[] projects, CostCode[] costCodes, Actor pm, Actor approver, ErpCapabilities erp)
    {
        public Project[] Projects { get; } = projects;

        public CostCode[] CostCodes { get; } = costCodes;

        public Actor Pm { get; } = pm;

        public Actor Approver { get; } = approver;

        public ErpCapabilities Erp { get; } = erp;

        public int Written { get; set; }
    }

    // A company (the demo one when given) with ten linked projects and three cost codes.
    private static async Task<Tenant> TenantAsync(WebApplication app, ErpConnectors connectors, Company? demo, string? name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Company company;
        Actor pm;
        Actor approver;
        if (demo is not null)
        {
            company = demo;
            scope.ServiceProvider.GetRequiredService<CurrentCompany>().Id = demo.Id;
            pm = (await db.Users.SingleAsync(u => u.Email == "pm@demo.test")).ToActor();
            approver = (await db.Users.SingleAsync(u => u.Email == "approver@demo.test")).ToActor();
        }
        else
        {
            var newId = Guid.CreateVersion7();
            var (connector, connection) = connectors.FreshConnection(newId);
            company = new Company(newId, name!, connector, connection);
            db.Companies.Add(company);
            var pmUser = User.NewMember(Guid.CreateVersion7(), newId, $"pm-{newId:N}@bench.test", "Pat Bench");
            var approverUser = User.NewMember(Guid.CreateVersion7(), newId, $"approver-{newId:N}@bench.test", "Avery Bench");
            db.Users.AddRange(pmUser, approverUser);
            pm = pmUser.ToActor();
            approver = new Actor(approverUser.Id, newId, approverUser.DisplayName, PermissionLevel.Standard, CanPushToAccounting: true, IsDirectoryAdmin: false);
        }

        var suffix = Convert.ToHexString(company.Id.ToByteArray().AsSpan(12, 2));
        Project[] projects = [.. Enumerable.Range(0, 10).Select(p => new Project(Guid.CreateVersion7(), company.Id, $"B{p:D2}{suffix}",
            $"{Places[(p + suffix[0]) % Places.Length]} {Buildings[p % Buildings.Length]} {p}", $"BJ-{suffix}-{p:D2}"))];
        CostCode[] costCodes = [.. new[] { ("01-100", "General Requirements"), ("03-300", "Cast-in-Place Concrete"), ("09-250", "Gypsum Board") }
            .Select(c => new CostCode(Guid.CreateVersion7(), company.Id, $"{c.Item1}-{suffix}", c.Item2))];
        db.Projects.AddRange(projects);
        db.CostCodes.AddRange(costCodes);
        await db.SaveChangesAsync();
        return new Tenant(projects, costCodes, pm, approver, connectors.For(company).Capabilities);
    }

    private static async Task<int> MeasureAsync(WebApplication app, int requests)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var provider = app.Configuration["Database:Provider"] ?? "Sqlite";
        long total;
        long demo;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            total = await db.SubJobs.IgnoreQueryFilters().LongCountAsync();
            var demoId = await db.Companies.Where(c => c.Name == "Demo Construction Co.").Select(c => c.Id).SingleAsync();
            demo = await db.SubJobs.IgnoreQueryFilters().LongCountAsync(s => s.CompanyId == demoId);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ERP Integrations list benchmark — {provider}, {total:N0} sub jobs, {demo:N0} in the measured company, {Environment.ProcessorCount} cores, {requests} requests each, one at a time"));

        var signIn = await http.PostAsJsonAsync("/api/v1/tokens", new { email = "approver@demo.test", password = DemoSeeder.Password, name = "list bench" });
        signIn.EnsureSuccessStatusCode();
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var health = await TimeAsync(http, "/health", requests);
        Print("Baseline, GET /health", health, null);
        var cases = new (string Name, string Path)[]
        {
            ("First page, Ready to Export", "/api/v1/erp/sub-jobs?filter=ready_to_export"),
            ("First page, Synced", "/api/v1/erp/sub-jobs?filter=synced"),
            ("Search with no match", "/api/v1/erp/sub-jobs?filter=ready_to_export&search=zqxj-nothing"),
            ("Search by a project's name", "/api/v1/erp/sub-jobs?filter=ready_to_export&search=Apartments"),
            ("Search by a code", "/api/v1/erp/sub-jobs?filter=synced&search=SJ0000777"),
            ("First page by project", "/api/v1/erp/sub-jobs?filter=ready_to_export&sort=project"),
            ("First page by code", "/api/v1/erp/sub-jobs?filter=ready_to_export&sort=code"),
            ("Counts of the filters", "/api/v1/erp/sub-jobs/counts"),
            ("Counts of a search with no match", "/api/v1/erp/sub-jobs/counts?search=zqxj-nothing"),
        };
        foreach (var (name, path) in cases)
        {
            var probe = await http.GetAsync(path);
            if (!probe.IsSuccessStatusCode)
            {
                Console.WriteLine($"{name}: not offered ({(int)probe.StatusCode})");
                continue;
            }

            var body = await probe.Content.ReadAsStringAsync();
            Print(name, await TimeAsync(http, path, requests), health, Summary(body));
        }

        await app.StopAsync();
        return 0;
    }

    private static string Summary(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("items", out var items)
            ? $"{items.GetArrayLength()} rows"
            : json.RootElement.ToString();
    }

    private static async Task<List<double>> TimeAsync(HttpClient http, string path, int requests)
    {
        for (var i = 0; i < Math.Min(20, requests / 5); i++)
        {
            (await http.GetAsync(path)).EnsureSuccessStatusCode();
        }

        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var one = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(one.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static void Print(string name, List<double> times, List<double>? baseline, string? what = null)
    {
        var p95 = Percentile(times, 0.95);
        var against = baseline is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({p95 / Percentile(baseline, 0.95):F1}× /health's p95)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: p50 {Percentile(times, 0.50):F2} ms, p95 {p95:F2} ms{against}{(what is null ? "" : $"; {what}")}"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(Text(args, name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        if (index >= 0 && index + 1 < args.Length)
        {
            return args[index + 1];
        }

        return args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }
}
