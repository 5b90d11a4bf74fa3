import Values

/// How the emitter writes one scalar: plain when plain text reads back as the same string,
/// single-quoted when only the YAML indicators are in the way, double-quoted (with escapes) when
/// the text holds characters that cannot appear literally, and a literal block for multi-line text.
enum ScalarStyle {
    struct Written {
        var text: String
        var isPlain: Bool
    }

    static func string(_ text: String, flow: Bool) -> Written {
        if !isPrintable(text) { return Written(text: doubleQuoted(text), isPlain: false) }
        if isPlainSafe(text, flow: flow) { return Written(text: text, isPlain: true) }
        return Written(text: singleQuoted(text), isPlain: false)
    }

    static func key(_ text: String, flow: Bool) -> String {
        let written = string(text, flow: flow).text
        return flow && needsExplicitKey(text) ? "? " + written : written
    }

    /// PyYAML writes keys of 128 characters or more as `? key`; libyaml would refuse very long
    /// implicit keys on reading.
    static func needsExplicitKey(_ text: String) -> Bool {
        text.unicodeScalars.count >= 128
    }

    static func quotedSingleLine(_ text: String) -> String {
        string(text, flow: false).text
    }

    static func nonString(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .double(let double): return float(double)
        case .string(let text): return quotedSingleLine(text)
        case .list: return "[]"
        case .dict: return "{}"
        }
    }

    /// Python's `repr` with a dot forced into the mantissa, since YAML 1.1 reads `1e+16` as text.
    static func float(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        var text = value.description
        if !text.contains(".") {
            if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                text.insert(contentsOf: ".0", at: exponent)
            } else {
                text += ".0"
            }
        }
        return text
    }

    /// Plain text that a loader reads back as this exact string.
    static func isPlainSafe(_ text: String, flow: Bool) -> Bool {
        guard !text.isEmpty, case .string = ScalarResolver.resolvePlain(text), !looksTypedToPython(text) else {
            return false
        }
        let scalars = Array(text.unicodeScalars)
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        if scalars.first == " " || scalars.last == " " { return false }
        let first = scalars[0]
        let followedBySpace = scalars.count == 1 || scalars[1] == " "
        switch first {
        case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
            return false
        case "-" where followedBySpace:
            return false
        case "?", ":":
            if flow || followedBySpace { return false }
        default:
            break
        }
        for index in scalars.indices.dropFirst() {
            switch scalars[index] {
            case ":":
                if flow || index + 1 == scalars.count || scalars[index + 1] == " " { return false }
            case "#" where scalars[index - 1] == " ":
                return false
            case ",", "?", "[", "]", "{", "}":
                if flow { return false }
            default:
                break
            }
        }
        return true
    }

    /// Strings this loader keeps as text but PyYAML would type (merge `<<`, value `=`, dates):
    /// quoted, so the output means the same to Ansible as to us.
    private static func looksTypedToPython(_ text: String) -> Bool {
        if text == "<<" || text == "=" { return true }
        let bytes = Array(text.utf8.prefix(5))
        return bytes.count == 5 && bytes[0..<4].allSatisfy(ByteCursor.isDigit) && bytes[4] == UInt8(ascii: "-")
    }

    /// A literal block (`|`, `|-`, `|+`) for multi-line text it can carry exactly, with its lines
    /// at `column`; nil when the text needs escapes (tabs, trailing spaces, controls) instead.
    static func literalBlock(_ text: String, column: Int, indent: Int) -> String? {
        guard text.contains("\n") else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            guard line.unicodeScalars.allSatisfy(isPrintable), line.last != " " else { return nil }
        }
        guard let firstContent = lines.first(where: { !$0.isEmpty }) else { return nil }
        let trailingBreaks = text.reversed().prefix { $0 == "\n" }.count
        let chomping = trailingBreaks == 0 ? "-" : trailingBreaks == 1 ? "" : "+"
        // Indentation is detected from the first non-empty line; text that starts with spaces
        // needs the indentation stated.
        let indicator = firstContent.first == " " ? String(indent) : ""
        let body = trailingBreaks == 0 ? lines[...] : lines.dropLast()
        let margin = String(repeating: " ", count: column)
        var out = "|" + indicator + chomping
        for line in body {
            out += "\n"
            if !line.isEmpty { out += margin + line }
        }
        return out
    }

    static func singleQuoted(_ text: String) -> String {
        var out = "'"
        for character in text.unicodeScalars {
            if character == "'" { out += "''" } else { out.unicodeScalars.append(character) }
        }
        return out + "'"
    }

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\0": out += "\\0"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// The characters YAML may hold literally (PyYAML with `allow_unicode`): no controls, no
    /// line breaks, no byte-order mark.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2028, 0x2029: return false  // line and paragraph separators break lines in YAML
        case 0x20...0x7E, 0xA0...0xD7FF, 0x10000...0x10FFFF: return true
        case 0xE000...0xFFFD: return scalar.value != 0xFEFF
        default: return false
        }
    }

    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isPrintable)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
