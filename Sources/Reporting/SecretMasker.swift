import Values

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces every known secret with `********` in anything about to be written.
///
/// Matching is on UTF-8 bytes, not on Swift `Character`s: a secret followed by a combining
/// mark would not match grapheme-wise and would leak. Every string written goes through here,
/// so the common case (no secret in it) only scans the string's own bytes and allocates nothing.
public struct SecretMasker: Sendable, Hashable {
    public static let replacement = "********"

    /// Longest first, so a secret that contains another is masked whole.
    public private(set) var secrets: [String] = []
    private var needles: [[UInt8]] = []

    public init(_ secrets: [String] = []) {
        add(secrets)
    }

    public mutating func add(_ more: [String]) {
        var set = Set(secrets)
        for secret in more where !secret.isEmpty && secret != Self.replacement {
            set.insert(secret)
        }
        secrets = set.sorted { ($0.utf8.count, $0) > ($1.utf8.count, $1) }
        needles = secrets.map { Array($0.utf8) }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func mask(_ text: String) -> String {
        masked(text) ?? text
    }

    /// Masks every string in a value, keys included.
    public func mask(_ value: Value) -> Value {
        masked(value) ?? value
    }

    public func mask(_ dict: ValueDict) -> ValueDict {
        masked(dict) ?? dict
    }

    /// `nil` when the text holds no secret.
    private func masked(_ text: String) -> String? {
        guard !needles.isEmpty, !text.isEmpty else { return nil }
        let holdsSecret = text.utf8.withContiguousStorageIfAvailable { buffer in
            needles.contains { Self.firstMatch($0, in: UnsafeRawBufferPointer(buffer), from: 0) != nil }
        }
        if holdsSecret == false { return nil }
        var bytes: [UInt8]?
        for needle in needles {
            let current = bytes ?? Array(text.utf8)
            if let replaced = Self.replaceAll(needle, in: current) { bytes = replaced }
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    private func masked(_ value: Value) -> Value? {
        switch value {
        case .string(let s): return masked(s).map(Value.string)
        case .list(let items):
            var changed = false
            let out = items.map { item -> Value in
                guard let m = masked(item) else { return item }
                changed = true
                return m
            }
            return changed ? .list(out) : nil
        case .dict(let dict): return masked(dict).map(Value.dict)
        case .null, .bool, .int, .double: return nil
        }
    }

    private func masked(_ dict: ValueDict) -> ValueDict? {
        guard !needles.isEmpty else { return nil }
        var changes: [(key: String, newKey: String?, newValue: Value?)] = []
        for (key, value) in dict {
            let newKey = masked(key)
            let newValue = masked(value)
            if newKey != nil || newValue != nil { changes.append((key, newKey, newValue)) }
        }
        guard !changes.isEmpty else { return nil }
        var out = ValueDict()
        var index = 0
        for (key, value) in dict {
            if index < changes.count, changes[index].key == key {
                out[changes[index].newKey ?? key] = changes[index].newValue ?? value
                index += 1
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// Every occurrence of `needle` replaced, or `nil` when there is none.
    private static func replaceAll(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8]? {
        haystack.withUnsafeBytes { hay -> [UInt8]? in
            var out: [UInt8] = []
            var offset = 0
            while let position = firstMatch(needle, in: hay, from: offset) {
                if out.isEmpty { out.reserveCapacity(hay.count) }
                out.append(contentsOf: hay[offset..<position])
                out.append(contentsOf: replacement.utf8)
                offset = position + needle.count
            }
            guard offset > 0 else { return nil }
            out.append(contentsOf: hay[offset...])
            return out
        }
    }

    /// Where `needle` next occurs at or after `start`: `memchr` to the candidates for its
    /// first byte, `memcmp` for the rest.
    private static func firstMatch(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from start: Int) -> Int?
    {
        guard let first = needle.first, let base = hay.baseAddress, hay.count - start >= needle.count else {
            return nil
        }
        let lastStart = hay.count - needle.count
        var position = start
        return needle.withUnsafeBytes { pin -> Int? in
            guard let pinBase = pin.baseAddress else { return nil }
            while position <= lastStart {
                guard let hit = memchr(base + position, Int32(first), lastStart - position + 1) else {
                    return nil
                }
                let candidate = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + candidate, pinBase, needle.count) == 0 { return candidate }
                position = candidate + 1
            }
            return nil
        }
    }
}
