#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

/// Ansible's path tests (`path is directory`, `path is abs`, …). Like Ansible's they look at the
/// controller's file system, with Python's `os.path` rules: a missing or unreadable path is
/// simply not a file, a directory or a link.
extension TestLibrary {
    static let pathTests: [String: TestFunction] = [
        "abs": { call throws(TemplateFailure) in try call.inputString.hasPrefix("/") },
        "is_abs": { call throws(TemplateFailure) in try call.inputString.hasPrefix("/") },
        "directory": { call throws(TemplateFailure) in fileType(try call.inputString, follow: true) == S_IFDIR },
        "is_dir": { call throws(TemplateFailure) in fileType(try call.inputString, follow: true) == S_IFDIR },
        "file": { call throws(TemplateFailure) in fileType(try call.inputString, follow: true) == S_IFREG },
        "is_file": { call throws(TemplateFailure) in fileType(try call.inputString, follow: true) == S_IFREG },
        "link": { call throws(TemplateFailure) in fileType(try call.inputString, follow: false) == S_IFLNK },
        "is_link": { call throws(TemplateFailure) in fileType(try call.inputString, follow: false) == S_IFLNK },
        "exists": { call throws(TemplateFailure) in fileType(try call.inputString, follow: true) != nil },
        "link_exists": { call throws(TemplateFailure) in fileType(try call.inputString, follow: false) != nil },
        "mount": { call throws(TemplateFailure) in isMountPoint(try call.inputString) },
        "is_mount": { call throws(TemplateFailure) in isMountPoint(try call.inputString) },
        "same_file": sameFile,
        "is_same_file": sameFile,
    ]

    /// `os.path.samefile`: unlike the other tests it raises when either path is missing.
    private static let sameFile: TestFunction = { call throws(TemplateFailure) in
        let first = try call.inputString
        guard case .string(let second)? = call.positional.first ?? call.keywords["f2"] else {
            throw call.fail("expects the path to compare with")
        }
        guard let a = status(first, follow: true), let b = status(second, follow: true) else {
            let missing = status(first, follow: true) == nil ? first : second
            throw call.fail("[Errno 2] No such file or directory: '\(missing)'")
        }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    private static func status(_ path: String, follow: Bool) -> stat? {
        var info = stat()
        let result = follow ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? info : nil
    }

    private static func fileType(_ path: String, follow: Bool) -> mode_t? {
        status(path, follow: follow).map { $0.st_mode & S_IFMT }
    }

    /// `os.path.ismount`: not a link, and on another device than its parent or the parent itself.
    private static func isMountPoint(_ path: String) -> Bool {
        guard let own = status(path, follow: false), own.st_mode & S_IFMT != S_IFLNK else { return false }
        let parentPath = path.hasSuffix("/") ? path + ".." : path + "/.."
        guard let parent = status(parentPath, follow: false) else { return false }
        return own.st_dev != parent.st_dev || own.st_ino == parent.st_ino
    }
}
