namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>A symbol of the simulator's universe, from the embedded S&amp;P 500 constituents file.</summary>
/// <param name="Symbol">The ticker, upper case (<c>BRK.B</c> keeps its dot).</param>
/// <param name="Security">The company's name.</param>
/// <param name="Sector">The GICS sector.</param>
public sealed record UniverseSymbol(string Symbol, string Security, string Sector);
