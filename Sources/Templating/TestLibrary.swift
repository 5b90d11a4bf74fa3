import Diagnostics
import Values

/// Every test usable after `is`, by name: Jinja2's built-ins and Ansible's additions.
enum TestLibrary {
    static let tests: [String: TestFunction] = {
        var all = typeTests
        all.merge(comparisonTests) { first, _ in first }
        all.merge(resultTests) { first, _ in first }
        all.merge(pathTests) { first, _ in first }
        return all
    }()

    /// Tests that an undefined value fails instead of raising an error.
    static let typeOnlyTests: Set = [
        "none", "true", "false", "boolean", "string", "number", "integer", "float", "mapping", "callable",
    ]

    static var names: [String] { Array(tests.keys) + ["defined", "undefined"] }

    static func isKnown(_ name: String) -> Bool {
        let canonical = canonicalName(name)
        return tests[canonical] != nil || canonical == "defined" || canonical == "undefined"
    }

    static func canonicalName(_ name: String) -> String {
        FilterLibrary.canonicalName(name)
    }

    static func unknownTest(_ name: String, at offset: Int) -> TemplateFailure {
        TemplateFailure(
            .unknownTest(name), "no test named '\(name)'", at: offset,
            hint: Suggestion.didYouMean(canonicalName(name), in: names))
    }

    static let typeTests: [String: TestFunction] = [
        "none": { $0.input.isNull },
        "true": { $0.input == .bool(true) },
        "false": { $0.input == .bool(false) },
        "boolean": { $0.input.boolValue != nil },
        "string": { $0.input.stringValue != nil },
        "number": { PythonSemantics.number($0.input) != nil },
        "integer": { $0.input.intValue != nil },
        "float": { if case .double = $0.input { return true } else { return false } },
        "mapping": { $0.input.dictValue != nil },
        "sequence": { call in
            switch call.input {
            case .list, .dict, .string: return true
            default: return false
            }
        },
        "iterable": { call in
            switch call.input {
            case .list, .dict, .string: return true
            default: return false
            }
        },
        "callable": { _ in false },
        // Python's str.islower()/isupper() on str(value): some cased character, none of the other case.
        "lower": { call in
            let s = call.input.pythonString
            return s.contains(where: \.isLowercase) && !s.contains(where: \.isUppercase)
        },
        "upper": { call in
            let s = call.input.pythonString
            return s.contains(where: \.isUppercase) && !s.contains(where: \.isLowercase)
        },
        "truthy": { call in call.input.isTruthy },
        "falsy": { call in !call.input.isTruthy },
        // `value % 2 == 0` as Python computes it, so 0.1 is neither even nor odd.
        "even": { call throws(TemplateFailure) in
            let r = try remainder(call, 2)
            return r == .int(0) || r == .double(0)
        },
        "odd": { call throws(TemplateFailure) in
            let r = try remainder(call, 2)
            return r == .int(1) || r == .double(1)
        },
        "divisibleby": { call throws(TemplateFailure) in
            guard let divisor = call.argument(0, "num") else { throw call.fail("missing the divisor") }
            let r = try call.interpreter.binary(.modulo, call.input, divisor, at: call.offset)
            return r == .int(0) || r == .double(0)
        },
        "match": { call throws(TemplateFailure) in try regexTest(call, mode: "match") },
        "search": { call throws(TemplateFailure) in try regexTest(call, mode: "search") },
        "regex": { call throws(TemplateFailure) in
            try regexTest(call, mode: try call.string(3, "match_type", default: "search"))
        },
    ]

    private static func remainder(_ call: FilterCall, _ divisor: Int) throws(TemplateFailure) -> Value {
        guard PythonSemantics.number(call.input) != nil else {
            throw TemplateFailure(.typeError, "\(call.name) expects a number, got \(call.input.typeName)", at: call.offset)
        }
        return try call.interpreter.binary(.modulo, call.input, .int(divisor), at: call.offset)
    }

    /// Ansible's `match` (anchored at the start), `search`, and `regex(match_type=…)`.
    private static func regexTest(_ call: FilterCall, mode: String) throws(TemplateFailure) -> Bool {
        let pattern = try call.string(0, "pattern")
        let regex = try call.interpreter.regexCache.regex(
            pattern, ignoreCase: call.bool(1, "ignorecase", default: false),
            multiline: call.bool(2, "multiline", default: false), at: call.offset)
        let text = call.input.pythonString
        let seconds = call.interpreter.limits.maxRegexSeconds
        switch mode {
        case "match": return try regex.firstMatch(in: text, anchored: true, within: seconds, at: call.offset) != nil
        case "search": return try regex.firstMatch(in: text, within: seconds, at: call.offset) != nil
        case "fullmatch":
            return try regex.firstMatch(in: text, whole: true, within: seconds, at: call.offset) != nil
        default: throw call.fail("match_type must be match, search or fullmatch")
        }
    }
}
