namespace PgtableInvariants.Walkers.GupFast;

/// <summary>The entry point of mm/gup.c a caller of the fast path used: it decides the flags the fast path runs with.</summary>
public enum GupCall
{
    /// <summary><c>get_user_pages_fast</c> (<c>FOLL_GET</c>). In 5.8 <c>internal_get_user_pages_fast</c> adds
    /// <c>FOLL_WRITE</c> to its fast part unless <c>FOLL_FAST_ONLY</c> (mm/gup.c 5.8:2789-2792, 17839856fd58).</summary>
    GetUserPagesFast,

    /// <summary><c>get_user_pages_fast_only</c> (<c>FOLL_GET | FOLL_FAST_ONLY</c>, mm/gup.c 5.8:2850): never forced
    /// to write.</summary>
    GetUserPagesFastOnly,
}
