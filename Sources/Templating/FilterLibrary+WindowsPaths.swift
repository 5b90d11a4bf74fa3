import Values

/// ansible-core's `win_basename`, `win_dirname` and `win_splitdrive`: Python's ntpath on the
/// controller, where both `\` and `/` separate and a path may start with a drive (`C:`) or a
/// UNC share (`\\server\share`).
extension FilterLibrary {
    static let windowsPathFilters: [String: FilterFunction] = [
        "win_basename": { call throws(TemplateFailure) in .string(windowsSplit(call.input.pythonString).tail) },
        "win_dirname": { call throws(TemplateFailure) in .string(windowsSplit(call.input.pythonString).head) },
        "win_splitdrive": { call throws(TemplateFailure) in
            // A tuple in Python; a list here, which indexes and unpacks the same way.
            let (drive, rest) = windowsDrive(call.input.pythonString)
            return .list([.string(drive), .string(rest)])
        },
        // Jinja2's attr: an attribute of a Python object, never a dict key or list item.
        "attr": { call throws(TemplateFailure) in
            let name = try call.string(0, "name")
            if let time = PythonTime(call.input), let value = time.attribute(name) { return value }
            throw undefinedResult(call, "\(call.input.objectDescription) has no attribute '\(name)'")
        },
    ]

    private static func isWindowsSeparator(_ c: Character) -> Bool { c == "\\" || c == "/" }

    /// `ntpath.splitdrive`.
    static func windowsDrive(_ path: String) -> (drive: String, rest: String) {
        let characters = Array(path)
        guard characters.count >= 2 else { return ("", path) }
        let normal = characters.map { $0 == "/" ? "\\" : $0 }
        if normal[0] == "\\", normal[1] == "\\" {
            // \\server\share, or \\?\UNC\server\share: the drive runs to the separator after the share.
            let start = String(normal.prefix(8)).uppercased() == "\\\\?\\UNC\\" ? 8 : 2
            guard start <= normal.count, let first = normal[start...].firstIndex(of: "\\"),
                let second = normal[(first + 1)...].firstIndex(of: "\\")
            else { return (path, "") }
            return (String(characters[..<second]), String(characters[second...]))
        }
        if normal[1] == ":" { return (String(characters[..<2]), String(characters[2...])) }
        return ("", path)
    }

    /// `ntpath.split`: the directory (trailing separators dropped unless it is all separators)
    /// and the last component.
    static func windowsSplit(_ path: String) -> (head: String, tail: String) {
        let (drive, rest) = windowsDrive(path)
        let characters = Array(rest)
        var cut = characters.count
        while cut > 0, !isWindowsSeparator(characters[cut - 1]) { cut -= 1 }
        var head = Array(characters[..<cut])
        let tail = String(characters[cut...])
        let stripped = head.reversed().drop(while: isWindowsSeparator).reversed()
        if !stripped.isEmpty { head = Array(stripped) }
        return (drive + String(head), tail)
    }
}
