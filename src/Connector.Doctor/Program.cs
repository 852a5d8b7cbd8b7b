namespace Connector.Doctor;

internal static class Program
{
    public static Task<int> Main(string[] args) => Doctor.MainAsync(args, Console.Out, Console.Error);
}
