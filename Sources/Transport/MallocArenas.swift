internal import CLibSSH2

/// glibc gives threads up to 8 malloc arenas per core. With one thread per host, each arena
/// keeps its own free space and top pad: at 50 hosts that was ~1.3 MB of peak RSS more than
/// with two arenas (34.7-35.3 MB against 33.7 MB, seed run, h201-h250). The hosts' threads
/// mostly wait on sockets, so the lock contention two arenas bring costs nothing measurable.
public enum MallocArenas {
    /// Caps the arenas; call at start-up, before the host threads allocate.
    public static func limit(to count: Int32 = 2) {
        #if os(Linux)
            _ = mallopt(M_ARENA_MAX, count)
        #endif
    }
}
