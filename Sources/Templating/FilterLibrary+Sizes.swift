import Values

/// Ansible's `human_readable` and `human_to_bytes`, with the rules and words of its
/// `module_utils.common.text.formatters`: powers of 1024, two decimals, `B`/`b` for bytes/bits.
extension FilterLibrary {
    private static let sizeUnits: [(suffix: Character, limit: Double)] = [
        ("Y", 0x1p80), ("Z", 0x1p70), ("E", 0x1p60), ("P", 0x1p50), ("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1),
    ]
    private static let unitNames: [Character: (byte: String, bit: String)] = [
        "B": ("byte", "bit"), "K": ("kilobyte", "kilobit"), "M": ("megabyte", "megabit"), "G": ("gigabyte", "gigabit"),
        "T": ("terabyte", "terabit"), "P": ("petabyte", "petabit"), "E": ("exabyte", "exabit"), "Z": ("zetabyte", "zetabit"),
        "Y": ("yottabyte", "yottabit"),
    ]

    static let sizeFilters: [String: FilterFunction] = [
        "human_readable": { call throws(TemplateFailure) in
            guard let size = PythonSemantics.number(call.input)?.asDouble else {
                throw TemplateFailure(.typeError, "human_readable() failed on bad input: '>=' not supported between instances of '\(call.input.typeName)' and 'int'", at: call.offset)
            }
            let bits = call.bool(0, "isbits", default: false)
            let unit = call.argument(1, "unit").flatMap { $0.isNull ? nil : $0.pythonString.uppercased().first }
            let base = bits ? "bits" : "Bytes"
            let chosen = sizeUnits.first { unit == nil ? size >= $0.limit : unit == $0.suffix } ?? sizeUnits[sizeUnits.count - 1]
            let suffix = chosen.limit == 1 ? base : "\(chosen.suffix)\(base.first ?? "B")"
            return .string(CNumberFormat.format("%.2f", size / chosen.limit) + " " + suffix)
        },
        "human_to_bytes": { call throws(TemplateFailure) in
            let text = call.input.pythonString
            let bits = call.bool(1, "isbits", default: false)
            guard let (number, written) = sizeParts(text) else {
                throw call.fail("human_to_bytes() can't interpret following string: \(text)")
            }
            let defaultUnit = call.argument(0, "default_unit").flatMap { $0.isNull ? nil : $0.pythonString }
            guard let unit = written ?? defaultUnit, let key = unit.uppercased().first else {
                return .int(Int(number.rounded(.toNearestOrEven)))
            }
            guard let limit = sizeUnits.first(where: { $0.suffix == key })?.limit, let names = unitNames[key] else {
                throw call.fail("human_to_bytes() failed to convert \(text) (unit = \(unit)). The suffix must be one of Y, Z, E, P, T, G, M, K, B")
            }
            if unit.count > 1 {
                let (name, short) = bits ? (names.bit, "\(key)b") : (names.byte, "\(key)B")
                if unit.lowercased() != name, unit != short {
                    let expected = key == "B" ? (bits ? "b or bit" : "B or byte") : "\(key)\(bits ? "b" : "B") or \(key)"
                    throw call.fail("human_to_bytes() failed to convert \(text). Value is not a valid string (expect \(expected))")
                }
            }
            let total = (number * limit).rounded(.toNearestOrEven)
            guard total.magnitude < 9.2e18 else { throw call.fail("human_to_bytes(): \(text) is too large") }
            return .int(Int(total))
        },
    ]

    /// `^([0-9]*\.?[0-9]+)(?:\s*([A-Za-z]+))?\s*$`: the number and the unit letters.
    private static func sizeParts(_ text: String) -> (Double, String?)? {
        let characters = Array(text)
        var index = 0
        while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == "." { index += 1 }
        let numberText = String(characters[0..<index])
        guard !numberText.isEmpty, numberText.filter({ $0 == "." }).count <= 1, numberText.last != ".",
            let number = Double(numberText)
        else { return nil }
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let unitStart = index
        while index < characters.count, characters[index].isASCII, characters[index].isLetter { index += 1 }
        let unit = String(characters[unitStart..<index])
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index == characters.count else { return nil }
        return (number, unit.isEmpty ? nil : unit)
    }
}
