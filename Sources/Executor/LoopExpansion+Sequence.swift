import Diagnostics
import Modules
import PlaybookModel
import Templating
import Values

/// `with_sequence`, with the rules of Ansible's `sequence` lookup: `start= end= stride= format=`
/// or `count=`, or the short form `[start-]end[/stride][:format]`; counting backwards needs a
/// negative stride; the format holds exactly one `%` conversion.
extension LoopExpansion {
    struct SequenceSpec {
        var start = 1
        var end: Int?
        var count: Int?
        var stride = 1
        var format = "%d"
    }

    static func sequence(_ text: String, loop: LoopSource) throws(TemplateError) -> [Value] {
        let trimmed = text.trimmingWhitespace()
        guard var spec = trimmed.contains("=") ? keyValueSequence(trimmed) : shortSequence(trimmed) else {
            throw sequenceError("cannot parse with_sequence '\(trimmed)'", loop)
        }
        switch (spec.count, spec.end) {
        case (nil, nil): throw sequenceError("must specify count or end in with_sequence", loop)
        case (.some, .some): throw sequenceError("can't specify both count and end in with_sequence", loop)
        case (let count?, nil):
            if count == 0 { return [] }
            spec.end = spec.start + count * spec.stride - 1
        case (nil, .some): break
        }
        let end = spec.end ?? spec.start
        if spec.stride > 0, end < spec.start { throw sequenceError("to count backwards make stride negative", loop) }
        if spec.stride < 0, end > spec.start { throw sequenceError("to count forward don't make stride negative", loop) }
        guard spec.format.filter({ $0 == "%" }).count == 1 else {
            throw sequenceError("bad formatting string: \(spec.format)", loop)
        }
        guard spec.stride != 0 else { return [] }
        guard abs(end - spec.start) / abs(spec.stride) < 100_000 else {
            throw sequenceError("with_sequence would make more than 100000 items", loop)
        }
        var items: [Value] = []
        for number in Swift.stride(from: spec.start, through: end, by: spec.stride) {
            guard let text = printf(spec.format, number) else {
                throw sequenceError("problem formatting \(number) with '\(spec.format)'", loop)
            }
            items.append(.string(text))
        }
        return items
    }

    private static func keyValueSequence(_ text: String) -> SequenceSpec? {
        var spec = SequenceSpec()
        guard let words = try? ShellWords.split(text) else { return nil }
        for word in words {
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "start": guard let n = integer(pair[1]) else { return nil }; spec.start = n
            case "end": guard let n = integer(pair[1]) else { return nil }; spec.end = n
            case "count": guard let n = integer(pair[1]) else { return nil }; spec.count = n
            case "stride": guard let n = integer(pair[1]) else { return nil }; spec.stride = n
            case "format": spec.format = pair[1]
            default: return nil
            }
        }
        return spec
    }

    /// `5`, `2-8`, `0-8/2`, `1-3:web%02d`.
    private static func shortSequence(_ text: String) -> SequenceSpec? {
        var spec = SequenceSpec()
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":") {
            spec.format = String(rest[rest.index(after: colon)...])
            guard !spec.format.isEmpty else { return nil }
            rest = rest[..<colon]
        }
        if let slash = rest.firstIndex(of: "/") {
            guard let stride = integer(String(rest[rest.index(after: slash)...])) else { return nil }
            spec.stride = stride
            rest = rest[..<slash]
        }
        if let dash = rest.firstIndex(of: "-"), dash != rest.startIndex {
            guard let start = integer(String(rest[..<dash])) else { return nil }
            spec.start = start
            rest = rest[rest.index(after: dash)...]
        }
        guard let end = integer(String(rest)) else { return nil }
        spec.end = end
        return spec
    }

    /// Python's `int(text, 0)` for the forms sequences use: decimal, `0x…`, `0o…`.
    private static func integer(_ text: String) -> Int? {
        let lower = text.lowercased()
        let negative = lower.hasPrefix("-")
        let digits = negative ? String(lower.dropFirst()) : lower
        let value: Int?
        if digits.hasPrefix("0x") {
            value = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0o") {
            value = Int(digits.dropFirst(2), radix: 8)
        } else {
            value = Int(digits)
        }
        return value.map { negative ? -$0 : $0 }
    }

    /// The one `%` conversion a sequence format holds: `%d`, `%i`, `%x`, `%X`, `%o`, with an
    /// optional zero flag and width. Nil for a conversion that cannot format an integer.
    private static func printf(_ format: String, _ n: Int) -> String? {
        guard let percent = format.firstIndex(of: "%") else { return nil }
        var index = format.index(after: percent)
        let zeroPad = index < format.endIndex && format[index] == "0"
        var width = 0
        while index < format.endIndex, let digit = format[index].wholeNumberValue {
            width = width * 10 + digit
            index = format.index(after: index)
        }
        guard index < format.endIndex else { return nil }
        let radix: Int
        switch format[index] {
        case "d", "i": radix = 10
        case "x", "X": radix = 16
        case "o": radix = 8
        default: return nil
        }
        var digits = String(abs(n), radix: radix, uppercase: format[index] == "X")
        let sign = n < 0 ? "-" : ""
        let pad = max(0, width - digits.count - sign.count)
        digits = zeroPad ? sign + String(repeating: "0", count: pad) + digits : String(repeating: " ", count: pad) + sign + digits
        return String(format[..<percent]) + digits + String(format[format.index(after: index)...])
    }

    private static func sequenceError(_ message: String, _ loop: LoopSource) -> TemplateError {
        TemplateError(kind: .typeError, diagnostic: .error(.wrongType, message, at: loop.mark))
    }
}
