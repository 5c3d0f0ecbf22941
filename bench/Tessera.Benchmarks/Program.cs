using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/Tessera.Benchmarks -- --filter '*'
// Each benchmark class lives beside the feature it measures; docs/BENCHMARKS.md holds the figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
