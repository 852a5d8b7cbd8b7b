namespace Connector.TestKit;

public static class TestUsers
{
    /// <summary>A subject no other check uses.</summary>
    public static string New() => "user-" + Guid.NewGuid().ToString("N")[..12];
}
