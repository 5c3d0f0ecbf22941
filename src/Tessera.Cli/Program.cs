using Tessera.Server.Hosting;
var app = TesseraWebApp.Build(args);
await app.RunAsync();
return 0;
