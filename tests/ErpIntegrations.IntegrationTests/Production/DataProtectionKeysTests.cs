using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ErpIntegrations.Connectors;
using ErpIntegrations.IntegrationTests.Infrastructure;
using ErpIntegrations.Web.Exports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ErpIntegrations.IntegrationTests.Production;

public sealed class DataProtectionKeysTests
{
    private static readonly ErpSettingValues Secrets = new([new("password", "s3cret-for-the-erp")]);

    [Fact]
    public async Task TwoInstancesOnOneDatabase_ReadEachOthersCookies_AndErpSecrets()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erp-tests", Guid.NewGuid().ToString("N"));
        await using var first = new AppFactory(directory, keepData: true, fromTemplate: false);
        var company = await first.CompanyAsync(DemoData.Demo);
        var cookie = await ProductionKit.SignInAsync(ProductionKit.Client(first), "approver@demo.test");
        var fromFirst = first.Services.GetRequiredService<ErpSecrets>().Protect(Secrets, company.Id);

        await using var second = new AppFactory(directory, keepData: false, fromTemplate: false);

        (await ProfileAsync(second, cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);
        second.Services.GetRequiredService<ErpSecrets>().Unprotect(fromFirst, company.Id).ShouldBe(Secrets);
        var fromSecond = second.Services.GetRequiredService<ErpSecrets>().Protect(Secrets, company.Id);
        first.Services.GetRequiredService<ErpSecrets>().Unprotect(fromSecond, company.Id).ShouldBe(Secrets);
        var keysFolder = Path.Combine(directory, "keys");
        (Directory.Exists(keysFolder) ? Directory.GetFiles(keysFolder) : []).ShouldBeEmpty("the keys live in the database, not the data directory");
        (await first.WithDbAsync(Guid.Empty, db => db.DataProtectionKeys.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task KeysAnEarlierVersionKeptInTheDataDirectory_AreMovedIntoTheDatabase_AndStillDecrypt()
    {
        var directory = Path.Combine(Path.GetTempPath(), "erp-tests", Guid.NewGuid().ToString("N"));
        var keysFolder = Path.Combine(directory, "keys");
        string cookie, stored;
        Guid companyId;
        await using (var earlier = new AppFactory(directory, keepData: true, fromTemplate: false)
        {
            ConfigureServices = s => s.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keysFolder)),
        })
        {
            companyId = (await earlier.CompanyAsync(DemoData.Demo)).Id;
            cookie = await ProductionKit.SignInAsync(ProductionKit.Client(earlier), "approver@demo.test");
            stored = earlier.Services.GetRequiredService<ErpSecrets>().Protect(Secrets, companyId);
        }

        Directory.GetFiles(keysFolder, "*.xml").ShouldNotBeEmpty();
        await using var upgraded = new AppFactory(directory, keepData: false, fromTemplate: false);

        (await ProfileAsync(upgraded, cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);
        upgraded.Services.GetRequiredService<ErpSecrets>().Unprotect(stored, companyId).ShouldBe(Secrets);
        Directory.GetFiles(keysFolder).ShouldBeEmpty("reading the data directory no longer gives a key");
        var keys = await upgraded.WithDbAsync(Guid.Empty, db => db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync());
        keys.Count.ShouldBe(2, "the earlier key, and a new default key nothing in the folder ever saw");
        upgraded.Logs.Entries.ShouldContain(e => e.Message.StartsWith("Moved 1 data-protection keys from", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithACertificate_TheKeysAreEncryptedInTheDatabase()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=erp-integrations-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddYears(-1));
        var path = Path.Combine(Path.GetTempPath(), $"erp-keys-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        try
        {
            await using var app = new AppFactory(seedDemo: false, settings: new Dictionary<string, string>
            {
                ["App:DataProtection:CertificatePath"] = path,
                ["App:DataProtection:CertificatePassword"] = "pfx-password",
            });
            var protectedText = app.Services.GetRequiredService<ErpSecrets>().Protect(Secrets, Guid.NewGuid());

            var xml = await app.WithDbAsync(Guid.Empty, db => db.DataProtectionKeys.Select(k => k.Xml!).SingleAsync());
            xml.ShouldContain("EncryptedXml");
            xml.ShouldNotContain("<masterKey");
            protectedText.ShouldNotBeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Task<HttpResponseMessage> ProfileAsync(AppFactory app, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        return ProductionKit.Client(app).SendAsync(request);
    }
}
