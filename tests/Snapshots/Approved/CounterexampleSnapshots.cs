using PgtableInvariants.Invariants.Catalogue;
using PgtableInvariants.Invariants.Reporting;
using PgtableInvariants.Invariants.Running;
using PgtableInvariants.Snapshots.Matching;

namespace PgtableInvariants.Snapshots.Approved;

/// <summary>Approved minimal counterexamples: one file per falsified (invariant, model, walker) cell, with the trace
/// of the failing walk under it.</summary>
public sealed class CounterexampleSnapshots
{
    public static TheoryData<string, string, string> FalsifiedCells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (invariant, model, walker) in InvariantCatalogue.ExpectedFalsified())
            data.Add(invariant.Id, model.Name, walker ?? "");
        return data;
    }

    [Theory, MemberData(nameof(FalsifiedCells))]
    public void Cell(string invariant, string model, string walker)
    {
        var result = InvariantCatalogue.Find(invariant)!.Check(PgtableInvariants.Arch.Models.ModelCatalogue.Find(model)!, walker.Length == 0 ? null : walker, new RunConfig());
        Snapshot.Verify(CheckReport.Render(result), nameof(CounterexampleSnapshots), nameof(Cell), walker.Length == 0 ? $"{invariant}.{model}" : $"{invariant}.{model}.{walker}");
    }
}
