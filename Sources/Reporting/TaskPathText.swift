#if canImport(Glibc)
    import Glibc
#endif

/// `task path:` as ansible-core prints it at `-vv`: the task file's absolute, normalised path
/// and the line (`/srv/site/tasks/users.yml:5`), however the playbook was named on the command
/// line (`site.yml`, `./tasks/users.yml`).
enum TaskPathText {
    static func shown(_ path: String) -> String {
        guard let colon = path.lastIndex(of: ":"), Int(path[path.index(after: colon)...]) != nil else {
            return absolute(path)
        }
        return absolute(String(path[..<colon])) + path[colon...]
    }

    static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: 4096)
            guard getcwd(&buffer, buffer.count) != nil else { return path }
            let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            full = directory + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
