namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>The model of one simulated symbol, all drawn deterministically from the seed.</summary>
/// <param name="Symbol">The ticker.</param>
/// <param name="AnnualVolatility">σ of the geometric Brownian motion, annualised over trading time.</param>
/// <param name="StartPrice">The price before the first trade (unrounded).</param>
/// <param name="ActivityRank">1 for the busiest symbol.</param>
/// <param name="ActivityShare">The expected share of all trades that are this symbol's.</param>
internal sealed record SimulatedSymbol(string Symbol, double AnnualVolatility, double StartPrice, int ActivityRank, double ActivityShare);
