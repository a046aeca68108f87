using PgtableInvariants.Arch.Models;
using PgtableInvariants.Snapshots.Matching;
using PgtableInvariants.Snapshots.Scenarios;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.Snapshots.Approved;

/// <summary>Approved walk traces: every walker on every model it meets (it serves an era whose helpers the model has),
/// over ranges across each level's boundary.</summary>
public sealed class WalkTraceSnapshots
{
    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in ModelCatalogue.All)
            foreach (var walker in WalkerCatalogue.Names.Where(w => WalkerCatalogue.Meets(w, model)))
                data.Add(model.Name, walker);
        return data;
    }

    [Theory, MemberData(nameof(Cells))]
    public void Trace(string model, string walker) =>
        Snapshot.Verify(CanonicalScenarios.Render(ModelCatalogue.Find(model)!, walker), nameof(WalkTraceSnapshots), nameof(Trace), $"{model}.{walker}");
}
