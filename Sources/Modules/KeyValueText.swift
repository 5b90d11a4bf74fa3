import Values

/// Dictionaries written as text, as Ansible's `check_type_dict` reads them: a JSON object
/// (`{"a": 1}`) or `key=value` pairs separated by spaces or commas (`a=1, b="x y"`).
enum KeyValueText {
    static func dictionary(from text: String) throws(ConversionError) -> ValueDict {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasPrefix("{") {
            do {
                if case .dict(let dict) = try JSON.parse(trimmed) { return dict }
            } catch {
                throw ConversionError(message: "must be a dictionary; the JSON text does not parse: \(error)")
            }
            throw ConversionError(message: "must be a dictionary, got JSON that is not an object")
        }
        let words: [String]
        do {
            words = try ShellWords.split(trimmed.replacingCommasOutsideQuotes())
        } catch {
            throw ConversionError(message: "must be a dictionary; a \(error.quote) quote is not closed")
        }
        var dict = ValueDict()
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw ConversionError(
                    message: "must be a dictionary written as JSON or key=value pairs, got '\(text)'")
            }
            dict[String(word[..<equals])] = .string(String(word[word.index(after: equals)...]))
        }
        return dict
    }
}

extension String {
    /// `a=1,b=2` splits like `a=1 b=2`; commas inside quotes stay.
    fileprivate func replacingCommasOutsideQuotes() -> String {
        var out = ""
        var quote: Character?
        var escaped = false
        for c in self {
            if escaped {
                escaped = false
            } else if c == "\\" && quote != "'" {
                escaped = true
            } else if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "," {
                out.append(" ")
                continue
            }
            out.append(c)
        }
        return out
    }
}
