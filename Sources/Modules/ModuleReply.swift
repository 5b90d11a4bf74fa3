import FoundationEssentials
import Transport
import Values

/// What a module program answered: the fields of its result object, and the byte fields it
/// sent base64-encoded (command output, file contents), already decoded.
public struct ModuleReply: Sendable {
    public var values: ValueDict
    public var blobs: [String: [UInt8]]
    public var output: CommandOutput

    /// Finds the result by its marker line: the LAST line equal to `marker`, followed by one line
    /// of JSON. Everything else on stdout (a login banner, a noisy `.bashrc`) is ignored.
    public static func parse(_ output: CommandOutput, marker: String) -> ModuleReply? {
        let lines = output.stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let markerBytes = Array(marker.utf8)
        guard let index = lines.lastIndex(where: { $0.elementsEqual(markerBytes) }), index + 1 < lines.count,
            case .dict(var values)? = try? JSON.parse(bytes: lines[index + 1])
        else { return nil }
        var blobs: [String: [UInt8]] = [:]
        if case .dict(let encoded)? = values["__pb_b64"] {
            for (key, value) in encoded {
                guard case .string(let text) = value, let data = Data(base64Encoded: text) else { return nil }
                blobs[key] = Array(data)
            }
        }
        values["__pb_b64"] = nil
        return ModuleReply(values: values, blobs: blobs, output: output)
    }

    /// Byte fields as text (invalid UTF-8 replaced), with one trailing newline removed as Ansible
    /// does for `stdout` and `stderr`.
    public func text(_ key: String, trimmingNewline: Bool = true) -> String? {
        guard var bytes = blobs[key] else { return nil }
        if trimmingNewline, bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var changed: Bool { values["changed"]?.isTruthy ?? false }
    public var failed: Bool { values["failed"]?.isTruthy ?? false }
    public var skipped: Bool { values["skipped"]?.isTruthy ?? false }
    public var message: String? {
        guard case .string(let text)? = values["msg"], !text.isEmpty else { return nil }
        return text
    }
}
