import Values

extension ConnectionSettings {
    /// Typed reads of connection variables, accepting what templating produces: numbers and
    /// booleans may arrive as text.
    struct Reader {
        let vars: ValueDict

        /// The value of the last of `names` that is set (later aliases win).
        private func lookup(_ names: [String]) -> (name: String, value: Value)? {
            for name in names.reversed() {
                if let value = vars[name], !value.isNull { return (name, value) }
            }
            return nil
        }

        func string(_ names: [String]) throws(InventoryError) -> String? {
            guard let (name, value) = lookup(names) else { return nil }
            switch value {
            case .string(let text): return text
            case .int(let number): return String(number)
            default: throw .wrongConnectionType(variable: name, expected: "a string", found: value.typeName)
            }
        }

        func port(_ names: [String]) throws(InventoryError) -> Int? {
            guard let (name, value) = lookup(names) else { return nil }
            let number: Int?
            switch value {
            case .int(let parsed): number = parsed
            case .string(let text): number = Int(text.trimmingBlanks())
            default: number = nil
            }
            guard let number else {
                throw .wrongConnectionType(variable: name, expected: "an integer port", found: Self.describe(value))
            }
            guard (1...65535).contains(number) else { throw .portOutOfRange(variable: name, number) }
            return number
        }

        func positiveInt(_ names: [String]) throws(InventoryError) -> Int? {
            guard let (name, value) = lookup(names) else { return nil }
            let number: Int? =
                switch value {
                case .int(let parsed): parsed
                case .string(let text): Int(text.trimmingBlanks())
                default: nil
                }
            guard let number, number > 0 else {
                throw .wrongConnectionType(variable: name, expected: "a positive integer", found: Self.describe(value))
            }
            return number
        }

        /// Ansible's `boolean()`: true/false, yes/no, on/off, 1/0, any case.
        func bool(_ name: String) throws(InventoryError) -> Bool? {
            guard let (_, value) = lookup([name]) else { return nil }
            switch value {
            case .bool(let flag): return flag
            case .int(let number) where number == 0 || number == 1: return number == 1
            case .string(let text):
                switch text.trimmingBlanks().lowercased() {
                case "true", "yes", "on", "1", "y", "t": return true
                case "false", "no", "off", "0", "n", "f", "": return false
                default: break
                }
            default: break
            }
            throw .wrongConnectionType(variable: name, expected: "a boolean", found: Self.describe(value))
        }

        private static func describe(_ value: Value) -> String {
            switch value {
            case .string(let text): return "'\(text)'"
            default: return value.typeName
            }
        }
    }
}
