import Values

extension TestLibrary {
    static let comparisonTests: [String: TestFunction] = [
        "eq": equal, "equalto": equal, "==": equal,
        "ne": notEqual, "!=": notEqual,
        "lt": ordering(.less), "lessthan": ordering(.less), "<": ordering(.less),
        "le": ordering(.lessEqual), "<=": ordering(.lessEqual),
        "gt": ordering(.greater), "greaterthan": ordering(.greater), ">": ordering(.greater),
        "ge": ordering(.greaterEqual), ">=": ordering(.greaterEqual),
        "in": { call throws(TemplateFailure) in
            try call.interpreter.compare(.isIn, call.input, try other(call), at: call.offset)
        },
        "contains": { call throws(TemplateFailure) in
            try call.interpreter.compare(.isIn, try other(call), call.input, at: call.offset)
        },
        "sameas": { call throws(TemplateFailure) in
            let o = try other(call)
            return call.input.typeName == o.typeName && PythonSemantics.equal(call.input, o)
        },
        "subset": { call throws(TemplateFailure) in
            let big = try call.with(input: try other(call)).inputItems
            return try call.inputItems.allSatisfy { item in big.contains { PythonSemantics.equal($0, item) } }
        },
        "superset": { call throws(TemplateFailure) in
            let small = try call.with(input: try other(call)).inputItems
            let mine = try call.inputItems
            return small.allSatisfy { item in mine.contains { PythonSemantics.equal($0, item) } }
        },
        "all": { call throws(TemplateFailure) in try call.inputItems.allSatisfy(\.isTruthy) },
        "any": { call throws(TemplateFailure) in try call.inputItems.contains(where: \.isTruthy) },
        "version": { call throws(TemplateFailure) in try versionTest(call) },
        "version_compare": { call throws(TemplateFailure) in try versionTest(call) },
    ]

    private static let equal: TestFunction = { call throws(TemplateFailure) in
        PythonSemantics.equal(call.input, try other(call))
    }

    private static let notEqual: TestFunction = { call throws(TemplateFailure) in
        !PythonSemantics.equal(call.input, try other(call))
    }

    private static func ordering(_ op: Expression.CompareOperator) -> TestFunction {
        { call throws(TemplateFailure) in try call.interpreter.compare(op, call.input, try other(call), at: call.offset) }
    }

    private static func other(_ call: FilterCall) throws(TemplateFailure) -> Value {
        guard let value = call.positional.first ?? call.keywords.values.first else {
            throw call.fail("missing the value to compare with")
        }
        return value
    }

    /// Ansible's `version` test: `version('2.0', '>=')`, `version('1.2.3', 'lt', strict=true)`,
    /// `version_type='loose'|'strict'|'semver'`.
    private static func versionTest(_ call: FilterCall) throws(TemplateFailure) -> Bool {
        guard let reference = call.argument(0, "version")?.pythonString else {
            throw call.fail("missing the version to compare with")
        }
        let op = try call.string(1, "operator", default: "eq")
        guard !call.input.pythonString.isEmpty else { throw call.fail("Input version value cannot be empty") }
        guard !reference.isEmpty else { throw call.fail("Version parameter to compare against cannot be empty") }
        var type = call.keywords["version_type"]?.pythonString ?? "loose"
        if call.argument(2, "strict")?.isTruthy == true { type = "strict" }
        let order: Int
        switch type {
        case "loose":
            guard let o = VersionComparison.loose(call.input.pythonString, reference) else {
                throw call.fail("Version comparison failed: \(VersionComparison.looseFailure(call.input.pythonString, reference))")
            }
            order = o
        case "strict", "semver", "semantic":
            guard let o = VersionComparison.strict(call.input.pythonString, reference, semantic: type != "strict") else {
                throw call.fail("invalid \(type) version '\(call.input.pythonString)' or '\(reference)'")
            }
            order = o
        case "pep440":
            order = try pep440Order(call.input.pythonString, reference, call)
        default:
            throw call.fail("version_type must be loose, strict or semver")
        }
        switch op {
        case "<", "lt": return order < 0
        case "<=", "le": return order <= 0
        case ">", "gt": return order > 0
        case ">=", "ge": return order >= 0
        case "==", "=", "eq": return order == 0
        case "!=", "<>", "ne": return order != 0
        default: throw call.fail("invalid operator '\(op)'")
        }
    }

    private static func pep440Order(_ a: String, _ b: String, _ call: FilterCall) throws(TemplateFailure) -> Int {
        let regex = try call.interpreter.regexCache.regex(VersionComparison.PEP440.pattern, ignoreCase: true, at: call.offset)
        var versions: [VersionComparison.PEP440] = []
        for text in [a, b] {
            guard let match = try regex.firstMatch(in: text, within: call.interpreter.limits.maxRegexSeconds, at: call.offset),
                let version = VersionComparison.PEP440(groups: match.groups)
            else { throw call.fail("Version comparison failed: Invalid version: '\(text)'") }
            versions.append(version)
        }
        return versions[0] < versions[1] ? -1 : versions[0] == versions[1] ? 0 : 1
    }

    /// Ansible's tests on registered results: `result is failed`, `is changed`, `is skipped`.
    private static func result(_ call: FilterCall) throws(TemplateFailure) -> ValueDict {
        guard case .dict(let d) = call.input else {
            throw TemplateFailure(.typeError, "the '\(call.name)' test expects a registered result (a dict), got \(call.input.typeName)", at: call.offset)
        }
        return d
    }

    private static func flag(_ d: ValueDict, _ key: String) -> Bool { d[key].map(FilterLibrary.toBool) ?? false }

    static let resultTests: [String: TestFunction] = {
        let failed: TestFunction = { call throws(TemplateFailure) in flag(try result(call), "failed") }
        let succeeded: TestFunction = { call throws(TemplateFailure) in !flag(try result(call), "failed") }
        let changed: TestFunction = { call throws(TemplateFailure) in
            let d = try result(call)
            if d["changed"] != nil { return flag(d, "changed") }
            // A looped task's result carries its items' results.
            return d["results"]?.listValue?.contains { $0.dictValue.map { flag($0, "changed") } ?? false } ?? false
        }
        // Only the key: the executor marks a loop whose items were all skipped as skipped itself.
        let skipped: TestFunction = { call throws(TemplateFailure) in flag(try result(call), "skipped") }
        let finished: TestFunction = { call throws(TemplateFailure) in
            let d = try result(call)
            return d["finished"].map(FilterLibrary.toBool) ?? true
        }
        return [
            "failed": failed, "failure": failed, "succeeded": succeeded, "success": succeeded,
            "successful": succeeded, "changed": changed, "change": changed, "skipped": skipped,
            "skip": skipped, "finished": finished,
        ]
    }()
}
