import Values

/// How values print in templates: Jinja2 prints Python objects, so `{{ }}` shows `True`,
/// `None`, `['a', 1]` and `{'k': 1.0}` — the forms Ansible users see and compare against.
extension Value {
    /// Python's `str()`: strings as they are, everything else as `repr()` — also how Ansible
    /// labels a loop item.
    public var pythonString: String {
        if case .string(let s) = self { return s }
        if let time = PythonTime(self) { return time.text }
        return pythonRepr
    }

    /// Python's `repr()`.
    public var pythonRepr: String {
        var out = ""
        appendRepr(to: &out)
        return out
    }

    private func appendRepr(to out: inout String) {
        switch self {
        case .null: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .double(let d): out += JSON.format(double: d)
        case .string(let s): out += Self.pythonStringRepr(s)
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item.appendRepr(to: &out)
            }
            out += "]"
        case .dict(let dict):
            if let time = PythonTime(self) {
                out += time.repr
                return
            }
            out += "{"
            var first = true
            for (key, value) in dict {
                if !first { out += ", " }
                first = false
                out += Self.pythonStringRepr(key)
                out += ": "
                value.appendRepr(to: &out)
            }
            out += "}"
        }
    }

    /// Python 3 string repr: single quotes unless the text has a single quote and no double
    /// quote; printable non-ASCII characters stay as they are.
    static func pythonStringRepr(_ s: String) -> String {
        let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case quote:
                out.append("\\")
                out.append(quote)
            default:
                if isPrintable(scalar) {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: hexEscape(scalar).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
            .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func hexEscape(_ scalar: Unicode.Scalar) -> String {
        let (prefix, width) =
            scalar.value <= 0xFF ? ("\\x", 2) : scalar.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8)
        let digits = String(scalar.value, radix: 16)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The Python type name Jinja2 and Ansible messages use (`'dict object' has no attribute`).
    var objectDescription: String {
        "'\(typeName) object'"
    }
}
