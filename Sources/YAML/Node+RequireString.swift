import Diagnostics
import Values

extension Node {
    /// For places where the user must write a STRING (a file mode, a package name, a path): the
    /// scalar's text, or a diagnostic when YAML 1.1 would silently have turned an unquoted value
    /// into something else. `mode: 0644` is the number 420 to Ansible and `name: yes` is `True`,
    /// so both are refused with a hint to quote them rather than guessed at. Other plain numbers
    /// are accepted as their text (`name: 2` → "2"): reading them back gives what the user wrote.
    public func requireString(key: String) -> Result<String, Diagnostic> {
        guard case .scalar(let scalar) = kind else {
            return .failure(
                .error(.wrongType, "'\(key)' must be a string, not \(kindName)", at: mark))
        }
        switch tag {
        case nil:
            return scalar.style == .plain ? plainString(scalar.text, key: key) : .success(scalar.text)
        case "!!int", "!!float", "!!bool", "!!null":
            return .failure(
                .error(
                    .wrongType, "'\(key)' must be a string, but the value is tagged \(tag ?? "")", at: mark,
                    hint: "remove the tag and quote the value: \(key): \"\(scalar.text)\""))
        default:
            // `!!str`, `!`, and local tags such as `!unsafe` or `!vault`: the text is the string.
            return .success(scalar.text)
        }
    }

    private func plainString(_ text: String, key: String) -> Result<String, Diagnostic> {
        let quoteHint = "quote it: \(key): \"\(text)\""
        switch ScalarResolver.resolvePlain(text) {
        case .bool(let value):
            return .failure(
                .error(
                    .ambiguousValue,
                    "unquoted '\(text)' is the boolean \(value) in YAML, not the string '\(text)'",
                    at: mark, hint: quoteHint))
        case .int(let value) where Node.isLeadingZeroOctal(text):
            return .failure(
                .error(
                    .ambiguousValue,
                    "unquoted '\(text)' is an octal number in YAML 1.1: it reads as \(value), not '\(text)'",
                    at: mark, hint: quoteHint))
        case .null:
            let message =
                text.isEmpty
                ? "'\(key)' needs a string, but no value is given"
                : "unquoted '\(text)' is null in YAML, not a string"
            return .failure(
                .error(
                    .wrongType, message, at: mark,
                    hint: text.isEmpty ? "write a value after '\(key):'" : quoteHint))
        default:
            return .success(text)
        }
    }

    /// `0644`, `-017`, `00`: a zero followed by more octal digits (not `0x…`, `0b…` or `0`).
    private static func isLeadingZeroOctal(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard digits.count > 1, digits.first == "0" else { return false }
        let second = digits.dropFirst().first
        return second != "x" && second != "b"
    }
}
