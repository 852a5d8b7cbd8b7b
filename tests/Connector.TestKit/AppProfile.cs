namespace Connector.TestKit;

/// <summary>
/// What the invariant checks need to know about an app: its front door and three calls of its own. Everything else
/// (its tools, their schemas, its name) the checks learn from the running app, as a host would.
/// </summary>
public abstract class AppProfile
{
    /// <summary>The tool the AI calls first; the checks expect every refusal to name it.</summary>
    public virtual string FrontDoor => "begin_session";

    /// <summary>A <c>domain_*</c> call that succeeds for any signed-in user (the checks add the session).</summary>
    public abstract ToolRequest DomainRead { get; }

    /// <summary>A <c>user_*</c> call that saves <paramref name="marker"/> (a short unique text) for the caller.</summary>
    public abstract ToolRequest SaveMarker(string marker);

    /// <summary>A <c>user_*</c> call whose result shows what the caller saved.</summary>
    public abstract ToolRequest ReadSaved { get; }

    /// <summary>
    /// For an app with a search tool: a query and the id it must find in the first three results (for an app that
    /// searches by meaning, a paraphrase proves it); null when the app has no search.
    /// </summary>
    public virtual (ToolRequest Request, string ExpectedId)? Search => null;
}
