import Diagnostics
import Templating
import Values

/// The variables one task sees on one host, layered in Ansible's precedence and templated lazily.
///
/// Layers are added lowest first; a later layer wins. Values the user wrote (`vars:`, inventory,
/// `-e`) may reference other variables and are rendered only when a template reads them, once per
/// scope, with cycle detection. Values produced by the run (facts, registered results, `set_fact`)
/// are final: text in them that looks like a template is data, never rendered again, as in Ansible.
final class VariableScope {
    private struct Entry {
        var value: Value
        var isFinal: Bool
        var mark: Mark?
    }

    private var entries: [String: Entry] = [:]
    /// Names in the order they were first defined, lowest layer first: the order in which
    /// ansible-core's merged variables list them (`varnames`).
    private var definitionOrder: [String] = []
    private var rendered: [String: Value] = [:]
    private var resolving: [String] = []
    let engine: TemplateEngine
    /// Names computed only when used (`hostvars`, `groups`): costly to build for every task.
    private var lazyNames: [String: () -> Value] = [:]

    init(engine: TemplateEngine) {
        self.engine = engine
    }

    /// Adds user-written variables that may contain templates.
    func addTemplated(_ values: ValueDict, marks: [String: Mark] = [:], defaultMark: Mark? = nil) {
        for (name, value) in values {
            noteDefinition(of: name)
            entries[name] = Entry(value: value, isFinal: false, mark: marks[name] ?? defaultMark)
        }
        rendered.removeAll()
    }

    /// Adds values the run produced; they are never templated again.
    func addFinal(_ values: ValueDict) {
        for (name, value) in values {
            noteDefinition(of: name)
            entries[name] = Entry(value: value, isFinal: true, mark: nil)
        }
        rendered.removeAll()
    }

    func setFinal(_ name: String, _ value: Value) {
        noteDefinition(of: name)
        entries[name] = Entry(value: value, isFinal: true, mark: nil)
        rendered.removeAll()
    }

    func setLazy(_ name: String, _ make: @escaping () -> Value) {
        noteDefinition(of: name)
        lazyNames[name] = make
    }

    func contains(_ name: String) -> Bool { entries[name] != nil || lazyNames[name] != nil }

    private func noteDefinition(of name: String) {
        if !contains(name) { definitionOrder.append(name) }
    }

    /// The context templates are evaluated in: every lookup goes through `resolve`.
    var context: TemplateContext {
        var context = TemplateContext(variables: ValueDict()) { [self] (name: String) throws(TemplateError) -> Value? in
            try self.resolve(name)
        }
        context.resolverNames = { [self] in self.definitionOrder }
        return context
    }

    /// The fully rendered value of a variable, or nil when no layer defines it.
    func resolve(_ name: String) throws(TemplateError) -> Value? {
        if let done = rendered[name] { return done }
        if let make = lazyNames[name], entries[name] == nil {
            let value = make()
            rendered[name] = value
            return value
        }
        guard let entry = entries[name] else { return nil }
        if entry.isFinal { return entry.value }
        if resolving.contains(name) {
            let chain = (resolving + [name]).joined(separator: " → ")
            throw TemplateError(
                kind: .limit,
                diagnostic: .error(
                    .undefined, "variable '\(name)' refers to itself: \(chain)", at: entry.mark,
                    hint: "break the cycle by giving one of these variables a literal value"))
        }
        resolving.append(name)
        defer { resolving.removeLast() }
        let value = try render(entry.value, at: entry.mark ?? .synthetic("variable '\(name)'"))
        rendered[name] = value
        return value
    }

    /// Renders every string inside `value` (lists and dicts deeply) in this scope.
    func render(_ value: Value, at mark: Mark) throws(TemplateError) -> Value {
        switch value {
        case .string(let text):
            guard TemplateEngine.isTemplated(text) else { return value }
            return try engine.render(text, at: mark, context: context)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try render(item, at: mark)) }
            return .list(out)
        case .dict(let dict):
            var out = ValueDict()
            for (key, item) in dict {
                let renderedKey = TemplateEngine.isTemplated(key)
                    ? try engine.render(key, at: mark, context: context).renderedText : key
                out[renderedKey] = try render(item, at: mark)
            }
            return .dict(out)
        default:
            return value
        }
    }

    /// Evaluates a bare expression (`when:`, `failed_when:`) in this scope.
    func evaluate(_ expression: String, at mark: Mark) throws(TemplateError) -> Value {
        try engine.evaluate(expression, at: mark, context: context)
    }

    /// Every variable as rendered now, for `hostvars` of this host and `debug: var=vars`.
    func snapshot() -> ValueDict {
        var out = ValueDict()
        for name in entries.keys.sorted() {
            if let value = try? resolve(name) { out[name] = value }
        }
        return out
    }
}

extension Value {
    /// The text a value renders as inside a larger string, as Jinja2 prints it.
    var renderedText: String {
        if case .string(let s) = self { return s }
        return JSON.serialize(self)
    }
}
