using PgtableInvariants.Arch.Models;

// Until the command-line issue lands, `check` lists the models it will check; every other word is bad input.
if (args is ["check"])
{
    foreach (var model in ModelCatalogue.All)
        Console.WriteLine($"{model.Name,-24} {model.InitialLevels} levels, reach 0x{model.Reach:x}, folding: {model.Folding}");
    return 0;
}
Console.Error.WriteLine("usage: pgtable-invariants check");
return 2;
