#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system questions inventory loading asks, answered with the C library so the
/// layer does not pull in Foundation.
enum FileSystem {
    enum EntryKind: Sendable, Equatable {
        case missing, file, directory, other
    }

    static func kind(of path: String) -> EntryKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool { kind(of: path) != .missing }

    /// The names in a directory, sorted bytewise like Python's `sorted(os.listdir())`, without
    /// `.` and `..`. `nil` when the directory cannot be opened.
    static func entries(of directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The whole file as text, or the reason it could not be read. Files over `limit` bytes are
    /// refused: no real inventory comes near it, and reading one whole would exhaust memory.
    static func readText(_ path: String, limit: Int = 64 << 20) -> Result<String, ReadFailure> {
        guard let file = fopen(path, "r") else {
            return .failure(.unreadable(String(cString: strerror(errno))))
        }
        defer { fclose(file) }
        // A regular file is judged by its size before any of it is read; the loop below still
        // holds anything else (a pipe, a device) to the limit.
        var info = stat()
        if fstat(fileno(file), &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > limit {
            return .failure(.tooLarge(limit))
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return .failure(.tooLarge(limit)) }
        }
        if ferror(file) != 0 { return .failure(.unreadable(String(cString: strerror(errno)))) }
        // Decoding would turn a Latin-1 `é` into U+FFFD: a host name nobody wrote. Refuse it.
        if let offset = firstInvalidUTF8(bytes) {
            let (line, column) = position(of: offset, in: bytes)
            return .failure(.notUTF8(line: line, column: column))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    enum ReadFailure: Error, Equatable {
        case unreadable(String)
        case tooLarge(Int)
        case notUTF8(line: Int, column: Int)
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence (overlong forms,
    /// surrogates and truncated sequences included), or nil for valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The 1-based line and column (in characters, a leading byte order mark not counted) of a
    /// byte offset that follows valid UTF-8.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let before = bytes[..<offset]
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        var lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        if lineStart == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = min(3, offset) }
        return (line, String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1)
    }

    /// `dirname` for the paths users pass: `hosts` → `.`, `inv/hosts` → `inv`, `/hosts` → `/`.
    static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The file name's extension including the dot (`.yml`), or "" — Python's `splitext`.
    static func pathExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.drop { $0 == "." }
        guard let dot = stem.lastIndex(of: ".") else { return "" }
        return String(stem[dot...])
    }
}
