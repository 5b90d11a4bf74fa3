#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

extension FilterLibrary {
    /// Ansible's path and URL filters that Python's os.path and urllib answer, on the controller.
    static let pathFilters: [String: FilterFunction] = [
        "normpath": { call throws(TemplateFailure) in .string(normalizedPath(try call.inputString)) },
        "expanduser": { call throws(TemplateFailure) in .string(expandUser(try call.inputString)) },
        "realpath": { call throws(TemplateFailure) in
            let path = try call.inputString
            guard let resolved = realpath(path, nil) else {
                let cwd = getcwd(nil, 0).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? "/"
                return .string(normalizedPath(path.hasPrefix("/") ? path : cwd + "/" + path))
            }
            defer { free(resolved) }
            return .string(String(cString: resolved))
        },
        "relpath": { call throws(TemplateFailure) in
            let start = call.argument(0, "start")?.pythonString ?? "."
            return .string(relativePath(try call.inputString, from: start))
        },
        "urlsplit": { call throws(TemplateFailure) in
            let parts = URLParts(try call.inputString)
            guard let query = call.argument(0, "query")?.pythonString, !query.isEmpty else { return .dict(parts.dictionary) }
            guard let value = parts.dictionary[query] else { throw call.fail("unknown URL component: \(query)") }
            return value
        },
    ]

    /// os.path.normpath: `a//b/../c` is `a/c`; a leading `//` is kept, `..` above `/` dropped.
    static func normalizedPath(_ path: String) -> String {
        if path.isEmpty { return "." }
        let leading = path.hasPrefix("//") && !path.hasPrefix("///") ? "//" : path.hasPrefix("/") ? "/" : ""
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !(leading.isEmpty && (parts.isEmpty || parts.last == "..")) {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        let joined = leading + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    private static func expandUser(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let nameEnd = path.firstIndex(of: "/") ?? path.endIndex
        let name = String(path[path.index(after: path.startIndex)..<nameEnd])
        var home: String?
        if name.isEmpty, let variable = getenv("HOME") {
            home = String(cString: variable)
        } else if let entry = name.isEmpty ? getpwuid(getuid()) : getpwnam(name), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        }
        guard var home else { return path }
        if home.count > 1, home.hasSuffix("/") { home.removeLast() }
        let rest = path[nameEnd...]
        return home == "/" && rest.hasPrefix("/") ? String(rest) : home + rest
    }

    private static func relativePath(_ path: String, from start: String) -> String {
        func absolute(_ p: String) -> [Substring] {
            let cwd = getcwd(nil, 0).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? "/"
            return normalizedPath(p.hasPrefix("/") ? p : cwd + "/" + p).split(separator: "/")
        }
        let target = absolute(path)
        let base = absolute(start)
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

/// urllib.parse.urlsplit's fields, as Ansible's `urlsplit` filter returns them.
struct URLParts {
    var dictionary = ValueDict()

    init(_ url: String) {
        var rest = Substring(url)
        var scheme = ""
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isASCII, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        var netloc = ""
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
            netloc = String(rest[..<end])
            rest = rest[end...]
        }
        var fragment = ""
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        var username: Value = .null
        var password: Value = .null
        var hostPort = Substring(netloc)
        if let at = netloc.lastIndex(of: "@") {
            let userInfo = netloc[..<at]
            hostPort = netloc[netloc.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                username = .string(String(userInfo[..<colon]))
                password = .string(String(userInfo[userInfo.index(after: colon)...]))
            } else {
                username = .string(String(userInfo))
            }
        }
        var host = hostPort
        var port: Value = .null
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":"), let number = Int(after.dropFirst()) { port = .int(number) }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            if let number = Int(hostPort[hostPort.index(after: colon)...]) { port = .int(number) }
        }
        dictionary["fragment"] = .string(fragment)
        dictionary["hostname"] = host.isEmpty ? .null : .string(host.lowercased())
        dictionary["netloc"] = .string(netloc)
        dictionary["password"] = password
        dictionary["path"] = .string(String(rest))
        dictionary["port"] = port
        dictionary["query"] = .string(query)
        dictionary["scheme"] = .string(scheme)
        dictionary["username"] = username
    }
}
