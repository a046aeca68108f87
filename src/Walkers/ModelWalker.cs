using PgtableInvariants.Arch.Models;

namespace PgtableInvariants.Walkers;

/// <summary>One of the model's walkers as data: what kind of walk it is, the kernel era whose code it models, and how
/// to make it for a model.</summary>
/// <param name="Name">Stable identifier: <c>pagewalk</c>, <c>gup-fast/v6.12</c>, …</param>
/// <param name="Kind">The walk whatever its era: <c>pagewalk</c>, <c>gup-fast</c>, <c>gup-slow</c>, <c>hardware</c>.</param>
/// <param name="Era">The era whose code it models (the hardware walk and slow gup have one form for every era: v5.8).</param>
/// <param name="Description">What it is, in one line.</param>
/// <param name="Create">The walker for a model (the hardware walker uses the model's MMU).</param>
public sealed record ModelWalker(string Name, string Kind, KernelEra Era, string Description, Func<Model, IWalker> Create)
{
    public override string ToString() => Name;
}
