#if canImport(Glibc)
    import Glibc
#endif

/// A host thread's stack, mapped here rather than by pthreads so that its bounds are known and
/// the pages a finished job touched deep down can be given back.
///
/// A job's deepest moments (SSH handshake, key parsing, name lookup) touch ~44 KB of stack; those
/// pages would otherwise stay resident while the thread waits for its next task, ~20 MB across
/// 500 idle hosts. glibc gives a stack's pages back the same way when a thread exits; here it
/// happens between jobs, from the job loop's shallow frame.
final class ThreadStack: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    private let mappedSize: Int
    private let pageSize: Int

    /// Maps `size` bytes of stack above one inaccessible guard page; nil when the mapping fails.
    init?(size: Int) {
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        mappedSize = (size + pageSize - 1) / pageSize * pageSize + pageSize
        guard let mapped = mmap(nil, mappedSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0),
            mapped != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        base = mapped
        // An overflow then faults instead of writing into whatever is mapped below.
        _ = mprotect(base, pageSize, PROT_NONE)
    }

    /// Where pthreads should put the thread: everything above the guard page.
    var usable: (address: UnsafeMutableRawPointer, size: Int) {
        (base + pageSize, mappedSize - pageSize)
    }

    /// Drops the pages below the caller's frame; they read back as zeros when touched again.
    /// Two pages below the current one stay, for the frames of this call and of `madvise`.
    /// Call only on the thread that runs on this stack.
    func releaseUnusedPages() {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
        let low = Int(bitPattern: base) + pageSize
        let keepFrom = (here & ~(pageSize - 1)) - 2 * pageSize
        guard keepFrom > low, keepFrom <= Int(bitPattern: base) + mappedSize else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: low), keepFrom - low, MADV_DONTNEED)
    }

    /// Unmaps the stack; call only after the thread that ran on it has been joined.
    func unmap() {
        _ = munmap(base, mappedSize)
    }
}
