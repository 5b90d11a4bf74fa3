#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The controller's files and commands, as lookups and `{% include %}` read them. Plain libc:
/// the binary does not link Foundation.
enum ControllerFiles {
    /// Files larger than this are refused: a lookup result lives in memory, and in every
    /// rendered argument that uses it.
    static let maximumFileBytes = 64 << 20

    enum ReadResult {
        case text(String)
        case missing
        case tooLarge
        case notUTF8
    }

    static func isReadableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, R_OK) == 0
    }

    enum ByteReadResult {
        case bytes([UInt8])
        case missing
        case tooLarge
    }

    /// A regular file's bytes, up to `maximumFileBytes`.
    static func readBytes(_ path: String) -> ByteReadResult {
        guard isReadableFile(path), let file = fopen(path, "rb") else { return .missing }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumFileBytes { return .tooLarge }
        }
        return .bytes(bytes)
    }

    static func read(_ path: String) -> ReadResult {
        switch readBytes(path) {
        case .missing: return .missing
        case .tooLarge: return .tooLarge
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { return .notUTF8 }
            return .text(text)
        }
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `sh -c command`: its standard output and exit status; standard error goes to ours, as
    /// Ansible's pipe lookup leaves it.
    static func run(_ command: String) -> (status: Int32, output: String)? {
        guard let pipe = popen(command, "r") else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, pipe)
            if count <= 0 { break }
            if bytes.count < maximumFileBytes { bytes.append(contentsOf: chunk[0..<count]) }
        }
        let status = pclose(pipe)
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, String(decoding: bytes, as: UTF8.self))
    }

    /// Paths matching a shell pattern, in the order the directories list them.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        // Unsorted: Python's glob lists a directory in the order the file system gives, and
        // ansible-core's fileglob keeps that order.
        guard Glibc.glob(pattern, GLOB_NOSORT, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
        }
        return paths
    }

    static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") || directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
