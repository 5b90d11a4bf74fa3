import Values

/// Replaces every known secret with `********` in anything about to be written.
///
/// Matching is on UTF-8 bytes, not on Swift `Character`s: a secret followed by a combining
/// mark would not match grapheme-wise and would leak.
public struct SecretMasker: Sendable, Hashable {
    public static let replacement = "********"

    /// Longest first, so a secret that contains another is masked whole.
    public private(set) var secrets: [String] = []

    public init(_ secrets: [String] = []) {
        add(secrets)
    }

    public mutating func add(_ more: [String]) {
        var set = Set(secrets)
        for secret in more where !secret.isEmpty && secret != Self.replacement {
            set.insert(secret)
        }
        secrets = set.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func mask(_ text: String) -> String {
        guard !secrets.isEmpty, !text.isEmpty else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        for secret in secrets {
            let needle = Array(secret.utf8)
            if let masked = Self.replaceAll(needle, in: bytes) {
                bytes = masked
                changed = true
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Masks every string in a value, keys included.
    public func mask(_ value: Value) -> Value {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let s): return .string(mask(s))
        case .list(let items): return .list(items.map { mask($0) })
        case .dict(let dict): return .dict(mask(dict))
        case .null, .bool, .int, .double: return value
        }
    }

    public func mask(_ dict: ValueDict) -> ValueDict {
        guard !secrets.isEmpty else { return dict }
        var out = ValueDict()
        for (key, value) in dict { out[mask(key)] = mask(value) }
        return out
    }

    /// `nil` when the needle does not occur, so the common case allocates nothing new.
    private static func replaceAll(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8]? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var out: [UInt8] = []
        var found = false
        var index = 0
        let last = haystack.count - needle.count
        while index < haystack.count {
            if index <= last, haystack[index] == first, matches(needle, haystack, at: index) {
                if !found {
                    out.reserveCapacity(haystack.count)
                    out.append(contentsOf: haystack[0..<index])
                    found = true
                }
                out.append(contentsOf: replacement.utf8)
                index += needle.count
                continue
            }
            if found { out.append(haystack[index]) }
            index += 1
        }
        return found ? out : nil
    }

    private static func matches(_ needle: [UInt8], _ haystack: [UInt8], at start: Int) -> Bool {
        for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
            return false
        }
        return true
    }
}
