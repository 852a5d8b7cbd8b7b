namespace ReadingRoom.App.Tools.Results;

public sealed record PersonaResult(string Persona);
