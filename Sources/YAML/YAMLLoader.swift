import Diagnostics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads YAML text into `Node` trees that remember where every node was written.
///
/// All problems of a file are reported together where the parse can go on (duplicate keys, bad
/// tags); a syntax error, an encoding error or a limit ends the parse, since nothing after it can
/// be trusted. Every error is a `Diagnostic` with the file, line and column.
public enum YAMLLoader {
    /// Exactly one document (nil for an empty file). A second document is an error at its start mark.
    public static func load(_ text: String, file: String, limits: YAMLLimits = .default) throws(DiagnosticList)
        -> Node?
    {
        // Measured before copying: refusing 100 MB must not cost another 100 MB.
        try checkSize(text.utf8.count, file: file, limits: limits)
        return try load(bytes: Array(text.utf8), file: file, limits: limits)
    }

    public static func load(bytes: [UInt8], file: String, limits: YAMLLimits = .default) throws(DiagnosticList)
        -> Node?
    {
        try parse(bytes, file: file, limits: limits, singleDocument: true).first
    }

    public static func loadFile(_ path: String, limits: YAMLLimits = .default) throws(DiagnosticList) -> Node? {
        try load(bytes: readFile(path, limits: limits), file: path, limits: limits)
    }

    /// Every document of a `---`-separated stream, in order.
    public static func loadAll(_ text: String, file: String, limits: YAMLLimits = .default) throws(DiagnosticList)
        -> [Node]
    {
        try checkSize(text.utf8.count, file: file, limits: limits)
        return try parse(Array(text.utf8), file: file, limits: limits, singleDocument: false)
    }

    private static func checkSize(_ count: Int, file: String, limits: YAMLLimits) throws(DiagnosticList) {
        guard count <= limits.maxBytes else {
            throw DiagnosticList([
                .error(
                    .limit, "the input is \(count) bytes, more than the limit of \(limits.maxBytes)",
                    at: Mark.synthetic(file))
            ])
        }
    }

    private static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits, singleDocument: Bool)
        throws(DiagnosticList) -> [Node]
    {
        try checkSize(bytes.count, file: file, limits: limits)
        guard let parser = LibYAMLParser(input: bytes, file: file) else {
            throw DiagnosticList([.error(.limit, "out of memory starting the YAML parser", at: Mark.synthetic(file))])
        }
        var builder = NodeBuilder(limits: limits)
        var documents: [Node] = []
        var stopped: Diagnostic?
        var documentsStarted = 0
        events: while true {
            let event: ParserEvent
            switch parser.next() {
            case .success(let next): event = next
            case .failure(let problem):
                stopped = problem.diagnostic(in: SourceLocator(bytes: bytes, file: file))
                break events
            }
            do {
                switch event {
                case .streamStart:
                    continue
                case .streamEnd:
                    break events
                case .documentStart(let mark):
                    documentsStarted += 1
                    if singleDocument, documentsStarted > 1 {
                        stopped = secondDocument(at: mark)
                        break events
                    }
                    builder.startDocument()
                case .documentEnd:
                    if let root = builder.finishDocument() { documents.append(root) }
                case .scalar(let scalar, let tag, let anchor, let mark):
                    try builder.scalar(scalar, tag: tag, anchor: anchor, mark: mark)
                case .sequenceStart(let tag, let anchor, let mark):
                    try builder.startCollection(isMapping: false, tag: tag, anchor: anchor, mark: mark)
                case .mappingStart(let tag, let anchor, let mark):
                    try builder.startCollection(isMapping: true, tag: tag, anchor: anchor, mark: mark)
                case .sequenceEnd, .mappingEnd:
                    builder.endCollection()
                case .alias(let name, let mark):
                    try builder.alias(name, mark: mark)
                }
            } catch {
                stopped = error.diagnostic
                break events
            }
        }
        var diagnostics = builder.diagnostics
        if let stopped { diagnostics.append(stopped) }
        guard diagnostics.isEmpty else {
            throw DiagnosticList(inSourceOrder(diagnostics))
        }
        return documents
    }

    private static func secondDocument(at mark: Mark) -> Diagnostic {
        .error(
            .syntax, "expected a single YAML document, but a second one starts here", at: mark,
            hint: "remove the '---' line, or split the documents into separate files")
    }

    /// Stable, so problems on one line keep the order they were found in.
    private static func inSourceOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let left = (a.element.mark?.line ?? 0, a.element.mark?.column ?? 0, a.offset)
            let right = (b.element.mark?.line ?? 0, b.element.mark?.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
    }

    /// The whole file, refusing directories and files over the size limit before reading them.
    private static func readFile(_ path: String, limits: YAMLLimits) throws(DiagnosticList) -> [UInt8] {
        func failure(_ message: String) -> DiagnosticList {
            DiagnosticList([.error(.io, message, at: Mark.synthetic(path))])
        }
        guard let file = fopen(path, "rb") else {
            throw failure("cannot read file: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else {
            throw failure("cannot read file: \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw failure("cannot read file: it is a directory")
        }
        if info.st_size > limits.maxBytes {
            throw DiagnosticList([
                .error(
                    .limit, "the file is \(info.st_size) bytes, more than the limit of \(limits.maxBytes)",
                    at: Mark.synthetic(path))
            ])
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw failure("cannot read file: \(String(cString: strerror(errno)))") }
                break
            }
            // A file that grows while being read (a pipe, /dev/zero) is still held to the limit.
            if bytes.count > limits.maxBytes {
                throw DiagnosticList([
                    .error(.limit, "the file is larger than the limit of \(limits.maxBytes) bytes", at: Mark.synthetic(path))
                ])
            }
        }
        return bytes
    }
}
