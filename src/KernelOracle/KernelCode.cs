using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Models;
using PgtableInvariants.KernelOracle.Building;
using PgtableInvariants.KernelOracle.Helpers;
using PgtableInvariants.KernelOracle.Mirroring;
using PgtableInvariants.KernelOracle.Protocol;
using PgtableInvariants.KernelOracle.Trees;
using PgtableInvariants.KernelOracle.Walkers;
using PgtableInvariants.Walkers;

namespace PgtableInvariants.KernelOracle;

/// <summary>The real code of one kernel tree for one architecture: its built servers and their running processes.
/// To the rest of the house it is a source of walkers (<c>kernel/…</c>) and of helper answers.</summary>
public sealed class KernelCode : IDisposable
{
    private readonly Dictionary<OracleTarget, OracleProcess> processes;

    internal KernelCode(KernelTree tree, string arch, IEnumerable<OracleBuild> builds)
    {
        Tree = tree;
        Arch = arch;
        processes = builds.ToDictionary(b => b.Target, b => new OracleProcess(b));
    }

    public KernelTree Tree { get; }

    /// <summary><c>s390</c> or <c>x86-64</c>.</summary>
    public string Arch { get; }

    /// <summary>The servers built for this tree.</summary>
    public IEnumerable<OracleBuild> Builds => processes.Values.Select(p => p.Build);

    /// <summary>Builds (or finds cached) every server <paramref name="arch"/> needs for <paramref name="tree"/>, or only
    /// those that run <paramref name="models"/> (arm64 has six builds: checking one model needs one).</summary>
    /// <exception cref="OracleSetupError">An unsupported architecture, a missing tool, or a failed build.</exception>
    public static KernelCode Prepare(KernelTree tree, string arch, Action<string>? progress = null, IReadOnlyCollection<Model>? models = null)
    {
        OracleProcess.LogFile();
        var targets = OracleTarget.Of(arch);
        if (targets.Count == 0)
            throw new OracleSetupError($"--arch {arch}: the oracle builds {string.Join(", ", OracleTarget.Architectures)} only");
        if (models is not null && targets.Where(t => models.Any(m => OracleTarget.For(m)?.Target == t)).ToList() is { Count: > 0 } needed)
            targets = needed;
        return new KernelCode(tree, arch, targets.Select(t => OracleBuilder.Build(tree, t, progress)).ToList());
    }

    /// <summary>True when the real code runs <paramref name="model"/>'s configuration.</summary>
    public bool Serves(Model model) => OracleTarget.For(model) is { } t && processes.ContainsKey(t.Target);

    /// <summary>The kernel walker called <paramref name="name"/> on <paramref name="model"/>, or null.</summary>
    public IWalker? Walker(string name, Model model) =>
        KernelWalker.EntryPointOf(name) is { } entry && Serves(model) ? new KernelWalker(this, model, entry) : null;

    /// <summary>Mirrors <paramref name="mm"/> into the model's server and answers <paramref name="queries"/> on it.</summary>
    /// <exception cref="OracleError">The server failed, or refused the mirror.</exception>
    public IReadOnlyList<OracleAnswer> Run(Model model, AddressSpace mm, IReadOnlyList<string> queries) => Run(model, mm, queries, oopsAt: null);

    /// <summary>Mirrors <paramref name="mm"/> and runs one walk of the kernel's code on it. A signal the code dies of
    /// each time it runs the walk is the walk's answer (<c>error signal …</c>: the oops the kernel would have), not
    /// an error of the oracle.</summary>
    /// <exception cref="OracleError">The server failed otherwise (a stub, a hang), or refused the mirror.</exception>
    public OracleAnswer RunWalk(Model model, AddressSpace mm, string query) => Run(model, mm, [query], oopsAt: 0)[0];

    /// <summary>Mirrors <paramref name="mm"/>, registers the frames of <paramref name="newMappings"/> (another CPU maps
    /// them), arms <paramref name="stores"/> at the kernel walker's <c>rcu_read_lock()</c> calls and runs one walk: its
    /// answer (an oops as in <see cref="RunWalk"/>), how many times it called <c>rcu_read_lock()</c> and how many stores
    /// were made. Null when this build's <c>rcu_read_lock()</c> is inline (no preemptible RCU): nowhere to stop.</summary>
    /// <exception cref="OracleError">The server failed otherwise, or refused the mirror or a store.</exception>
    public UnderWriter? RunWalkUnderWriter(Model model, AddressSpace mm, string query, IReadOnlyList<ArmedStore> stores, IReadOnlyList<Mapping> newMappings)
    {
        var window = TableWindow.Of(mm.Arch);
        IReadOnlyList<string> setup =
        [
            .. newMappings.Select(m => AddressSpaceMirror.PageRequest(m.Pfn, m.Size.Frames, m.Size.IsHuge ? AddressSpaceMirror.Order(m.Size) : 0)),
            .. stores.Select(s => FormattableString.Invariant($"arm {s.Call:x} {window.ToOracle(s.Slot.Address):x} {window.EntryToOracle(s.Value):x}")),
        ];
        var answers = Run(model, mm, [.. setup, query, "disarm"], oopsAt: setup.Count);
        for (var i = 0; i < setup.Count; i++)
            if (answers[i].IsNone)
                return null;
            else if (!answers[i].IsOk)
                throw new OracleError($"{model} oracle refused '{setup[i]}': {answers[i]}");
        var walk = answers[setup.Count];
        if (answers.Count == setup.Count + 1)
            return new UnderWriter(walk, null, null);
        var counts = answers[^1];
        return counts.Fields.Count == 2 && counts.Fields.All(f => ulong.TryParse(f, System.Globalization.NumberStyles.AllowHexSpecifier, null, out _))
            ? new UnderWriter(walk, (long)counts.Hex(0), (long)counts.Hex(1))
            : throw OracleError.Malformed(counts);
    }

    /// <summary>A walk of the kernel's code under another CPU's stores: its answer, and the walker's <c>rcu_read_lock()</c>
    /// calls and the stores made (null when the code died of a signal).</summary>
    public sealed record UnderWriter(OracleAnswer Walk, long? RcuReadLocks, long? StoresMade);

    /// <summary>Sends the mirror of <paramref name="mm"/> and <paramref name="queries"/>; a signal the server dies of at
    /// query <paramref name="oopsAt"/>, each time, is that query's answer (the rest are never asked).</summary>
    private IReadOnlyList<OracleAnswer> Run(Model model, AddressSpace mm, IReadOnlyList<string> queries, int? oopsAt)
    {
        var (target, levels) = OracleTarget.For(model) ?? throw new OracleError($"the oracle does not run {model}");
        // An s390 mm may have been upgraded (crst_table_upgrade) by a mapping above its asce_limit: the server's mm
        // gets the depth the mm has now, as asce_limit (mm_pXd_folded, gup_fast_permitted) follows it.
        var mirror = AddressSpaceMirror.Requests(mm, mm.Arch is IDynamicFolding ? mm.Levels : levels);
        IReadOnlyList<string> requests = [.. mirror, .. queries];
        var answers = Send(target, requests);
        for (var i = 0; i < Math.Min(mirror.Count, answers.Count); i++)
            if (!answers[i].IsOk)
                throw new OracleError($"{target} oracle refused '{mirror[i]}': {answers[i]}");
        var oops = oopsAt is { } at && answers.Count == mirror.Count + at + 1 && DiedOfSignal(answers);
        if (answers.Count < requests.Count && !oops)
            throw new OracleError($"{target} oracle (Linux {Tree.Version}): {answers[^1]} (after '{requests[answers.Count - 1]}')");
        foreach (var answer in answers.Skip(mirror.Count))
            if (answer.IsError && !oops)
                throw new OracleError($"{target} oracle (Linux {Tree.Version}): {answer}");
        return answers.Skip(mirror.Count).ToList();
    }

    /// <summary>The tree's own <c>PxD_SHIFT</c>, <c>PTRS_PER_PxD</c> and <c>pXd_index(addr)</c> for <paramref name="mm"/>,
    /// on <paramref name="model"/>'s fold kinds.</summary>
    /// <exception cref="OracleError">The server failed, or answered what the protocol does not allow.</exception>
    public KernelGeometry Geometry(Model model, AddressSpace mm, VirtualAddress addr) =>
        KernelGeometry.Parse(model.Arch.Geometry, Run(model, mm, KernelGeometry.Requests(addr)));

    /// <summary>Batches sent again after a crash that did not recur (see <see cref="Send"/>).</summary>
    public int Retries => retries;

    private int retries;

    /// <summary>Sends one self-contained batch (it starts with <c>mm</c>, so it needs nothing of the server's past) and
    /// returns its answers, up to the first that ended the server. A batch whose server died of a signal is sent once
    /// more to a fresh server: under qemu-s390x the kernel's code was seen, rarely and not reproducibly, to resume at
    /// address 0; a crash that recurs is the code's own.</summary>
    private IReadOnlyList<OracleAnswer> Send(OracleTarget target, IReadOnlyList<string> requests)
    {
        var process = processes[target];
        lock (process)
        {
            var answers = process.Send(requests);
            if (!DiedOfSignal(answers))
                return answers;
            answers = process.Send(requests);
            if (!DiedOfSignal(answers))
                Interlocked.Increment(ref retries);
            return answers;
        }
    }

    private static bool DiedOfSignal(IReadOnlyList<OracleAnswer> answers) => answers.Count > 0 && answers[^1].ErrorKind == "signal";

    public void Dispose()
    {
        foreach (var process in processes.Values)
            process.Dispose();
    }

    public override string ToString() => $"{Arch} code of {Tree}";
}
