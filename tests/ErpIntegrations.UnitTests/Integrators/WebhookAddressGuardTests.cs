using System.Net;
using ErpIntegrations.Web.Integrators;

namespace ErpIntegrations.UnitTests.Integrators;

public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.20.30.40", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("2002:a9fe:a9fe::1", true)]
    [InlineData("::10.0.0.1", true)]
    [InlineData("64:ff9b::5db8:d822", false)]
    [InlineData("2002:5db8:d822::1", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:4700::1111", false)]
    public void PrivateLoopbackAndLinkLocalAddresses_AreRefused(string address, bool refused) =>
        WebhookAddressGuard.IsPrivate(IPAddress.Parse(address)).ShouldBe(refused);

    [Fact]
    public async Task AUrlOfTheAppItself_IsRefused_EvenWhenPrivateNetworksAreAllowed()
    {
        Uri[] self = [new("https://erp.example.com")];

        (await WebhookAddressGuard.CheckAsync(new Uri("https://erp.example.com/api/v1/hooks"), allowPrivate: true, self, CancellationToken.None)).ShouldNotBeNull();
        (await WebhookAddressGuard.CheckAsync(new Uri("https://erp.example.com:8443/hooks"), allowPrivate: true, self, CancellationToken.None)).ShouldBeNull();
        (await WebhookAddressGuard.CheckAsync(new Uri("http://localhost:9000/hooks"), allowPrivate: false, self, CancellationToken.None)).ShouldNotBeNull();
        (await WebhookAddressGuard.CheckAsync(new Uri("http://[::1]:9000/hooks"), allowPrivate: false, self, CancellationToken.None)).ShouldNotBeNull();
        (await WebhookAddressGuard.CheckAsync(new Uri("http://127.0.0.1:9000/hooks"), allowPrivate: true, self, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public void TheSignature_IsHmacSha256OfTimestampDotBody_AndVerifiesOnlyFresh()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_764_748_800);
        var header = WebhookSignature.Sign("whsec_test", now.ToUnixTimeSeconds(), "{\"a\":1}");

        header.ShouldStartWith("t=1764748800,v1=");
        header.Length.ShouldBe("t=1764748800,v1=".Length + 64);
        WebhookSignature.Verify("whsec_test", header, "{\"a\":1}", now, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookSignature.Verify("whsec_test", header, "{\"a\":2}", now, TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify("whsec_test", header, "{\"a\":1}", now.AddMinutes(6), TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify("whsec_test", "v1=abc", "{\"a\":1}", now, TimeSpan.FromMinutes(5)).ShouldBeFalse();
    }
}
