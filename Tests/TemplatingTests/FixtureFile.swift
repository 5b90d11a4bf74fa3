#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads fixtures that live beside the tests (located through `#filePath`, not bundle resources).
enum FixtureFile {
    static func path(_ name: String, relativeTo file: String = #filePath) -> String {
        let directory = file.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        return directory + "/Fixtures/" + name
    }

    static func read(_ name: String, relativeTo file: String = #filePath) -> String {
        let fullPath = path(name, relativeTo: file)
        guard let handle = fopen(fullPath, "r") else { return "" }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Tab-separated rows, skipping blank lines and `#` comments. `⇥`, `⏎` and `␍` inside a field
    /// stand for a tab, a newline and a carriage return, so that fields can hold them.
    static func rows(_ name: String, relativeTo file: String = #filePath) -> [[String]] {
        read(name, relativeTo: file).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { line in
                line.split(separator: "\t", omittingEmptySubsequences: false).map { field in
                    String(field).replacing("⇥", with: "\t").replacing("⏎", with: "\n")
                        .replacing("␍", with: "\r")
                }
            }
    }
}
