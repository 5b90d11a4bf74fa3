import Diagnostics
import PlaybookModel
import Templating
import Values

/// The items of `loop:` and of the `with_<lookup>:` forms, computed per host.
///
/// A `with_X:` loop is ansible-core's `lookup('X', terms, wantlist=True)`: its items come from
/// the same lookup plugin a template calls, with the same search paths (the role's `files/`
/// and `templates/`, then the playbook's directory), so the two can never disagree.
enum LoopExpansion {
    /// `playbookDirectory` is where relative paths end up when no role holds them; the scope's
    /// `playbook_dir` says the same to the lookups, which read it as a template's lookup does.
    static func items(of loop: LoopSource, scope: VariableScope, playbookDirectory: String)
        throws(TemplateError) -> [Value]
    {
        switch loop.kind {
        case .loop:
            let rendered = try scope.render(loop.value, at: loop.mark)
            guard case .list(let items) = rendered else {
                throw TemplateError(kind: .typeError, diagnostic: .error(
                    .wrongType, "loop needs a list, got \(rendered.typeName)", at: loop.mark,
                    hint: rendered.dictValue != nil ? "use `| dict2items` to loop over a dict" : nil))
            }
            return items
        case .lookup(let name):
            let terms = try lookupTerms(loop.value, lenient: name == "first_found", scope: scope, at: loop.mark)
            var context = scope.context
            if context.variables["playbook_dir"] == nil, try scope.resolve("playbook_dir") == nil {
                context.variables["playbook_dir"] = .string(playbookDirectory)
            }
            return try scope.engine.loopItems(
                lookup: name, over: terms, subdirectory: loop.lookupSubdirectory, at: loop.mark, context: context)
        }
    }

    /// ansible-core's `listify_lookup_plugin_terms` before the lookup runs: a string is stripped
    /// and templated (a bare name stays text), anything else templated throughout. For
    /// `first_found` a name whose template is undefined is passed over instead of failing, so a
    /// list of candidates may name variables that only some hosts define.
    private static func lookupTerms(_ value: Value, lenient: Bool, scope: VariableScope, at mark: Mark)
        throws(TemplateError) -> Value
    {
        if case .string(let text) = value {
            let stripped = String(text.trimmingPythonWhitespace())
            if lenient { return try renderLeniently(.string(stripped), scope: scope, at: mark, depth: 0) ?? .list([]) }
            return try scope.render(.string(stripped), at: mark)
        }
        if lenient { return try renderLeniently(value, scope: scope, at: mark, depth: 0) ?? .list([]) }
        return try scope.render(value, at: mark)
    }

    /// Renders every string inside `value`, leaving out those that use an undefined variable.
    private static func renderLeniently(_ value: Value, scope: VariableScope, at mark: Mark, depth: Int)
        throws(TemplateError) -> Value?
    {
        switch value {
        case .string:
            do throws(TemplateError) {
                return try scope.render(value, at: mark)
            } catch {
                guard case .undefined = error.kind else { throw error }
                return nil
            }
        case .list(let items) where depth < 64:
            var out: [Value] = []
            for item in items {
                if let rendered = try renderLeniently(item, scope: scope, at: mark, depth: depth + 1) { out.append(rendered) }
            }
            return .list(out)
        case .dict(let dict) where depth < 64:
            var out = ValueDict()
            for (key, item) in dict {
                if let rendered = try renderLeniently(item, scope: scope, at: mark, depth: depth + 1) { out[key] = rendered }
            }
            return .dict(out)
        default:
            return try scope.render(value, at: mark)
        }
    }
}

extension String {
    /// Python's `str.strip()` with no argument: whitespace at both ends.
    fileprivate func trimmingPythonWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
