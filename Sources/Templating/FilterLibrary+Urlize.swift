import Values

extension FilterLibrary {
    /// Jinja2's `urlize`: links in text become `<a>` elements, with the `rel="noopener"` that
    /// Jinja2's default policy adds to every web link.
    static let urlizeFilters: [String: FilterFunction] = [
        "urlize": { call throws(TemplateFailure) in
            var rel = Set((call.text(3, "rel") ?? "").split(separator: " ").map(String.init))
            if call.bool(1, "nofollow", default: false) { rel.insert("nofollow") }
            rel.insert("noopener")
            let trimLimit = try call.argument(0, "trim_url_limit").flatMap { value throws(TemplateFailure) -> Int? in
                if value.isNull { return nil }
                guard let limit = value.intValue else { throw call.typeFailure("an integer trim_url_limit") }
                return limit
            }
            var schemes: [String] = []
            if let extra = call.argument(4, "extra_schemes"), !extra.isNull {
                schemes = extra.listValue?.map(\.pythonString) ?? [extra.pythonString]
                for scheme in schemes where !isURIScheme(scheme) {
                    throw call.fail("'\(scheme)' is not a valid URI scheme prefix.")
                }
            }
            let linker = URLLinker(
                rel: rel.sorted().joined(separator: " "), target: call.text(2, "target"),
                trimLimit: trimLimit, extraSchemes: schemes, call: call)
            return .string(try linker.link(call.input.pythonString))
        }
    ]

    /// `letter (letter | digit | + - .)* :` followed by at most two slashes.
    static func isURIScheme(_ scheme: String) -> Bool {
        var body = Substring(scheme)
        while body.hasSuffix("/") { body = body.dropLast() }
        guard scheme.count - body.count <= 2, body.hasSuffix(":") else { return false }
        body = body.dropLast()
        guard let first = body.first, first.isASCII, first.isLetter else { return false }
        return body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}

extension FilterCall {
    /// An optional argument as text; None counts as not given.
    fileprivate func text(_ position: Int, _ keyword: String) -> String? {
        guard let value = argument(position, keyword), !value.isNull else { return nil }
        return value.pythonString
    }
}
