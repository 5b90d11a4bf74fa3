import Values

/// `no_log` values never leave a module run as text: every occurrence in every returned string
/// (and key) becomes `********`.
public enum SecretMask {
    public static let mask = "********"

    public static func apply(_ secrets: [String], to text: String) -> String {
        var text = text
        // Longer secrets first, so a secret containing a shorter one is masked whole.
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacingAll(secret, with: mask)
        }
        return text
    }

    public static func apply(_ secrets: [String], to value: Value, depth: Int = 0) -> Value {
        guard secrets.contains(where: { !$0.isEmpty }), depth < 256 else { return value }
        switch value {
        case .string(let s): return .string(apply(secrets, to: s))
        case .list(let items): return .list(items.map { apply(secrets, to: $0, depth: depth + 1) })
        case .dict(let dict):
            var masked = ValueDict()
            for (key, item) in dict {
                masked[apply(secrets, to: key)] = apply(secrets, to: item, depth: depth + 1)
            }
            return .dict(masked)
        default: return value
        }
    }

    public static func apply(_ secrets: [String], to result: ModuleResult) -> ModuleResult {
        guard secrets.contains(where: { !$0.isEmpty }) else { return result }
        var masked = result
        masked.message = result.message.map { apply(secrets, to: $0) }
        if case .dict(let values) = apply(secrets, to: .dict(result.values)) { masked.values = values }
        return masked
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
