#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The libraries of the process (the module library, each module's body), each known once with
/// the assignment that gives a remote shell a copy of it.
///
/// Every run of every host starts with the same library and ends with one of a few module
/// bodies. Identifying them by a digest of their text cost a SHA-1 of ~15 KB per run, and
/// quoting them again for every host another pass: the largest controller cost of a no-change
/// run. Here a library is found by comparing its bytes (length first, then `memcmp`) with the
/// few known ones, and its quoted form is built once for every host.
final class LibraryCatalog: @unchecked Sendable {
    static let shared = LibraryCatalog()

    struct Library: Sendable {
        /// Stable for the life of the process: a shell's key for the library.
        let id: Int
        let bytes: [UInt8]
        /// The library single-quoted, ready to follow `variable=` on the shell's input.
        let quoted: [UInt8]
    }

    /// A bound on what the catalog keeps, so a run generating ever new libraries (a user's own
    /// modules) cannot grow it without end; beyond it libraries travel inline.
    static let maximumCount = 64
    static let maximumBytes = 8 << 20

    private let lock = PlainLock()
    private var libraries: [Library] = []
    private var totalBytes = 0

    /// The catalog's entry for `bytes`, added if new; nil when the catalog is full.
    func library(for bytes: some Collection<UInt8>) -> Library? {
        let known = lock.withLock { libraries }
        if let hit = Self.find(bytes, in: known) { return hit }
        // Quoted before the lock: every host asks for the same library at the start of a run,
        // and a thread preempted while quoting under the lock held all the others (0.55 s seen
        // on a loaded machine). Hosts racing on first use each quote; one copy is kept.
        let copy = Array(bytes)
        let quoted = ShellQuote.quote(bytes: copy)
        return lock.withLock {
            // Another host may have added it meanwhile.
            if let hit = Self.find(copy, in: libraries) { return hit }
            guard libraries.count < Self.maximumCount, totalBytes + copy.count <= Self.maximumBytes else { return nil }
            let library = Library(id: libraries.count, bytes: copy, quoted: quoted)
            libraries.append(library)
            totalBytes += copy.count
            return library
        }
    }

    private static func find(_ bytes: some Collection<UInt8>, in known: [Library]) -> Library? {
        let count = bytes.count
        for library in known where library.bytes.count == count {
            let equal =
                bytes.withContiguousStorageIfAvailable { probe in
                    library.bytes.withUnsafeBufferPointer { stored in
                        guard let probeStart = probe.baseAddress, let storedStart = stored.baseAddress else {
                            return count == 0
                        }
                        return memcmp(probeStart, storedStart, count) == 0
                    }
                } ?? library.bytes.elementsEqual(bytes)
            if equal { return library }
        }
        return nil
    }
}
