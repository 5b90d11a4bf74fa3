import Foundation
import Testing
@testable import Transport

/// The per-run cache of parsed known_hosts files: a file that has not changed is not read again,
/// and every change, even one that keeps the file's size, is seen by the next connection.
@Suite struct KnownHostsCacheTests {
    let keys: [[UInt8]]
    let file = NSTemporaryDirectory() + "pb-known-hosts-cache-\(UUID().uuidString)"

    init() throws {
        keys = try Fixture.text("keys.txt").split(separator: "\n").map { try #require(Base64.decode($0.split(separator: " ")[2])) }
    }

    /// Keys 0 and 5 are both ed25519: their lines have the same length.
    private func line(_ index: Int) -> String {
        "h.example.com ssh-ed25519 \(Base64.encode(keys[index]))\n"
    }

    /// Rewrites the file in place (same inode), as an editor saving over it or an append does.
    private func overwrite(_ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// The key the cache's parse of the file records for the host.
    private func recorded(_ cache: KnownHosts.ParseCache, now: Int? = nil) -> [UInt8]? {
        cache.knownHosts(file: file, now: now)?.entries.first?.keyBlob
    }

    @Test func aSettledFileIsParsedOnceAndAChangeOfTheSameSizeIsSeen() throws {
        defer { try? FileManager.default.removeItem(atPath: file) }
        try line(0).write(toFile: file, atomically: false, encoding: .utf8)
        let cache = KnownHosts.ParseCache()
        // Ten seconds from now the file counts as settled: its identity stands for its bytes.
        let later = FileIdentity.realtimeSeconds() + 10
        #expect(recorded(cache, now: later) == keys[0])
        #expect(cache.reads == 1)
        for _ in 0..<5 { #expect(recorded(cache, now: later) == keys[0]) }
        #expect(cache.reads == 1)
        // Same size, same inode: the change time moved, so it is read again.
        try overwrite(line(5))
        #expect(recorded(cache, now: later) == keys[5])
        #expect(cache.reads == 2)
    }

    @Test func aFileChangedJustBeforeItWasReadIsComparedByContentEveryTime() throws {
        defer { try? FileManager.default.removeItem(atPath: file) }
        try line(0).write(toFile: file, atomically: false, encoding: .utf8)
        let cache = KnownHosts.ParseCache()
        #expect(recorded(cache) == keys[0])
        #expect(recorded(cache) == keys[0])
        // Within the settling time the identity is not trusted: each look reads the bytes.
        #expect(cache.reads == 2)
        try overwrite(line(5))
        #expect(recorded(cache) == keys[5])
        try line(0).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(recorded(cache) == keys[0])
    }

    @Test func aMissingFileIsNone() {
        #expect(KnownHosts.ParseCache().knownHosts(file: file)?.entries == nil)
    }

    /// Files are read whole into one buffer of their size; files whose size `fstat` does not know
    /// (/proc) or that are larger than a read returns at once are read to their end too.
    @Test func readAllReadsRegularAndProcFilesWhole() throws {
        defer { try? FileManager.default.removeItem(atPath: file) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(FileText.readBytes(file) == bytes)
        let fd = open(file, O_RDONLY)
        defer { close(fd) }
        #expect(FileText.readAll(fd: fd, fromOffset: 1000, limit: 64 << 20) == Array(bytes[1000...]))
        #expect(FileText.readAll(fd: fd, fromOffset: 400_000, limit: 64 << 20) == [])
        let status = try #require(FileText.read("/proc/self/status"))
        #expect(status.hasPrefix("Name:") && status.contains("\nVmRSS:") && status.hasSuffix("\n"))
    }
}
