using Tessera.Cli;

return await TesseraCli.RunAsync(args, Console.Out, Console.Error, Console.In, CancellationToken.None);
