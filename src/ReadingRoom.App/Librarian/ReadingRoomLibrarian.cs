using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Gateway.Content;
using Connector.Gateway.Tools;
using ReadingRoom.App.Catalog;
using ReadingRoom.App.Shelf;

namespace ReadingRoom.App.Librarian;

/// <summary>The Reading Room as the gateway sees it: its name, its librarian's words, and how a shelf is shown.</summary>
internal sealed class ReadingRoomLibrarian(ArticleCatalog catalog, ShelfService shelf, IHostEnvironment environment) : IConnectorApp
{
    public const string DomainReminder = "Present this as the Reading Room's librarian: brief and warm; quote the catalog, and offer to save it to their shelf.";
    public const string ShelfReminder = "Present this as the librarian would: start with what they're mid-way through, and mention only the articles listed here.";

    private readonly AppTextFile _rules = AppTextFile.In(environment, "Librarian", "rules.md");
    private readonly AppTextFile _persona = AppTextFile.In(environment, "Librarian", "persona.md");

    public string Name => "The Reading Room";

    public string About => "A reading list that remembers you: ask your assistant for something good to read, and it picks from the Reading Room's catalog, saves it to your shelf and knows where you stopped, in every conversation.";

    public string Rules => _rules.Text;

    public string Persona => _persona.Text;

    public string Reminder => "Greet them as the librarian, opening with what they're mid-way through if anything; then help them pick or continue a read.";

    public JsonNode DescribeState(JsonObject? savedState) =>
        JsonSerializer.SerializeToNode(ShelfViews.View(shelf.Read(savedState), catalog)!, ReadingRoomJsonContext.Default.ShelfView)!;
}
