using PgtableInvariants.Arch.Addresses;
using PgtableInvariants.Arch.AddressSpaces;
using PgtableInvariants.Arch.Architectures.S390;
using PgtableInvariants.Arch.Entries;
using PgtableInvariants.Arch.Levels;
using PgtableInvariants.Arch.Memory;

namespace PgtableInvariants.Arch.Hardware;

/// <summary>s390 dynamic address translation from the ASCE's designation type (z/Architecture Principles of
/// Operation; QEMU target/s390x/mmu_helper.c <c>mmu_translate_asce</c>), with EDAT-1 and EDAT-2.</summary>
/// <remarks>Program-interruption codes: protection 0x04, addressing 0x05, segment translation 0x10, page
/// translation 0x11, translation specification 0x12, ASCE type 0x38, region first/second/third translation
/// 0x39/0x3a/0x3b. Common-segment/region and private-space checks are not modelled (Linux user tables never set them),
/// nor the ASCE's own table length: Linux's ASCE always has <c>_ASCE_TABLE_LENGTH</c> (3), which admits every index, so
/// only region and segment-table entries' offset and length can refuse one.</remarks>
public sealed class S390Dat : IMmu
{
    private const ulong Protection = 0x04, Addressing = 0x05, SegmentTrans = 0x10, PageTrans = 0x11;
    private const ulong TransSpec = 0x12, AsceType = 0x38, RegionFirst = 0x39, RegionSecond = 0x3a, RegionThird = 0x3b;

    private const ulong Invalid = 0x20, TypeMask = 0x0c, ProtectBit = 0x200, FormatControl = 0x400;
    private const ulong PageInvalid = 0x400, PageReserved = 0x800;

    public Translation Translate(IMemory memory, AddressSpace mm, VirtualAddress va, Access access)
    {
        var asce = S390Architecture.Asce(mm);
        var a = va.Value;
        var rfx = (a >> 53) & 0x7ff;
        var rsx = (a >> 42) & 0x7ff;
        var rtx = (a >> 31) & 0x7ff;
        var sx = (a >> 20) & 0x7ff;
        var type = asce & TypeMask;

        // The designation type decides where the walk starts; index bits above its reach are an ASCE-type exception.
        int level;
        switch (type)
        {
            case 0x0c:
                level = 1;
                break;
            case 0x08:
                if (rfx != 0)
                    return Fault(AsceType);
                level = 2;
                break;
            case 0x04:
                if ((rfx | rsx) != 0)
                    return Fault(AsceType);
                level = 3;
                break;
            default:
                if ((rfx | rsx | rtx) != 0)
                    return Fault(AsceType);
                level = 4;
                break;
        }

        var origin = asce & S390Bits.AsceOrigin;
        var writable = true;
        for (; level <= 3; level++)
        {
            var index = level switch { 1 => rfx, 2 => rsx, _ => rtx };
            var entry = Read(memory, origin + index * 8);
            if (entry is null)
                return Fault(Addressing);
            var e = entry.Value;
            if ((e & Invalid) != 0)
                return Fault(level switch { 1 => RegionFirst, 2 => RegionSecond, _ => RegionThird });
            if ((e & TypeMask) != (ulong)(4 - level) << 2)
                return Fault(TransSpec);
            if (level == 3)
            {
                // Region-third: protection, then the 2 GiB leaf before any table-length check (its TL bits are
                // software bits in Linux's format).
                writable &= (e & ProtectBit) == 0;
                if ((e & FormatControl) != 0)
                    return Finish((e & 0xffff_ffff_8000_0000) | (a & 0x7fff_ffff), writable, access);
                if (!LengthFits(e, (a >> 29) & 3))
                    return Fault(SegmentTrans);
            }
            else
            {
                var nextTl = level == 1 ? (a >> 51) & 3 : (a >> 40) & 3;
                if (!LengthFits(e, nextTl))
                    return Fault(level == 1 ? RegionSecond : RegionThird);
                writable &= (e & ProtectBit) == 0;
            }
            origin = e & S390Bits.RegionOrigin;
        }

        var ste = Read(memory, origin + sx * 8);
        if (ste is null)
            return Fault(Addressing);
        var s = ste.Value;
        if ((s & Invalid) != 0)
            return Fault(SegmentTrans);
        if ((s & TypeMask) != 0)
            return Fault(TransSpec);
        writable &= (s & ProtectBit) == 0;
        if ((s & FormatControl) != 0)
            return Finish((s & ~0xf_ffffUL) | (a & 0xf_ffff), writable, access);

        var pte = Read(memory, (s & S390Bits.SegmentOrigin) + ((a >> 12) & 0xff) * 8);
        if (pte is null)
            return Fault(Addressing);
        var p = pte.Value;
        if ((p & PageInvalid) != 0)
            return Fault(PageTrans);
        if ((p & PageReserved) != 0)
            return Fault(TransSpec);
        writable &= (p & ProtectBit) == 0;
        return Finish((p & ~0xfffUL) | (a & 0xfff), writable, access);
    }

    /// <summary>The next index's top two bits must lie within the entry's table offset and length: TF ≤ TL(field) ≤ TL.</summary>
    private static bool LengthFits(ulong entry, ulong fieldTl) => (entry & 0xc0) >> 6 <= fieldTl && fieldTl <= (entry & 3);

    private static Translation Finish(ulong real, bool writable, Access access) =>
        access == Access.Write && !writable ? Fault(Protection) : Translation.Mapped(Pfn.OfPhysical(real, 12));

    private static ulong? Read(IMemory memory, ulong address)
    {
        var entry = memory.Load(new EntryPointer(Level.Pte, address));
        return memory.Fault is null ? entry.Raw : null;
    }

    private static Translation Fault(ulong code) => Translation.Faulted("PGM", code);
}
