import Diagnostics
import Values

/// Every filter the engine knows, by name. Jinja2's built-ins and Ansible's additions live in
/// one table so that an unknown name can be caught at load time, with a "did you mean".
enum FilterLibrary {
    static let filters: [String: FilterFunction] = {
        var all: [String: FilterFunction] = [:]
        for table in [
            stringFilters, conversionFilters, listFilters, selectionFilters, dictFilters, serializationFilters, regexFilters,
            hashFilters, randomFilters, textFilters, pathFilters, markupFilters, sizeFilters, windowsPathFilters,
            urlizeFilters,
        ] {
            all.merge(table) { first, _ in first }
        }
        return all
    }()

    /// Filters handled by the interpreter itself because they act on undefined values.
    static let undefinedAwareNames = ["default", "d", "mandatory"]

    static var names: [String] { Array(filters.keys) + undefinedAwareNames }

    static func isKnown(_ name: String) -> Bool {
        let canonical = canonicalName(name)
        return filters[canonical] != nil || undefinedAwareNames.contains(canonical)
    }

    /// `ansible.builtin.to_json` and `to_json` are the same filter; collection-qualified names
    /// resolve to their last component.
    static func canonicalName(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    static func unknownFilter(_ name: String, at offset: Int) -> TemplateFailure {
        TemplateFailure(
            .unknownFilter(name), "no filter named '\(name)'", at: offset,
            hint: Suggestion.didYouMean(canonicalName(name), in: names))
    }

    /// A filter result that does not exist (`[] | first`): it behaves as undefined, so that
    /// `| default(…)` after it works as in Jinja2.
    static func undefinedResult(_ call: FilterCall, _ reason: String) -> TemplateFailure {
        TemplateFailure(.undefined(path: call.name), reason, at: call.offset)
    }
}
