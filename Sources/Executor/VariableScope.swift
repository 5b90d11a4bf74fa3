import Diagnostics
import Templating
import Values

/// The variables one task sees on one host, layered in Ansible's precedence and templated lazily.
///
/// Layers are added lowest first; a later layer wins. Values the user wrote (`vars:`, inventory,
/// `-e`) may reference other variables and are rendered only when a template reads them, once per
/// scope, with cycle detection. Values produced by the run (facts, registered results, `set_fact`)
/// are final: text in them that looks like a template is data, never rendered again, as in Ansible.
///
/// A layer keeps the dictionary it was given (shared, copy-on-write) rather than copying its
/// entries into one table: a scope is built for every host for every task, and most of its
/// variables (facts, inventory, play vars) are never read by that task, so a lookup walks the
/// few layers from the top instead.
final class VariableScope {
    private struct Layer {
        enum Kind {
            case templated
            case final
            /// Facts as Ansible injects them: `ansible_facts` and every fact as `ansible_<name>`.
            case facts
        }

        var values: ValueDict
        var kind: Kind
        var marks: [String: Mark] = [:]
        var defaultMark: Mark?

        static let factPrefix = "ansible_"

        func value(of name: String) -> Value? {
            guard kind == .facts else { return values[name] }
            if name == "ansible_facts" { return .dict(values) }
            guard name.utf8.starts(with: Self.factPrefix.utf8) else { return nil }
            return values[String(decoding: name.utf8.dropFirst(Self.factPrefix.utf8.count), as: UTF8.self)]
        }

        /// The names this layer defines, in its own order.
        var names: [String] {
            guard kind == .facts else { return values.keys }
            return values.keys.map { Self.factPrefix + $0 } + ["ansible_facts"]
        }
    }

    private var layers: [Layer] = []
    /// Whether the top layer holds only `setFinal` values, so the next one can join it instead
    /// of stacking a layer per loop item.
    private var topTakesSetFinal = false
    private var rendered: [String: Value] = [:]
    private var resolving: [String] = []
    let engine: TemplateEngine
    /// Names computed only when used (`hostvars`, `groups`): costly to build for every task.
    /// A lazy name yields to any layer that defines the same name. `position` is the number of
    /// layers below it when it was first defined, for `definitionOrder`. A list: there are two.
    private var lazyNames: [(name: String, position: Int, make: () -> Value)] = []

    init(engine: TemplateEngine) {
        self.engine = engine
        // A task's scope has about a dozen layers: one allocation instead of a few regrowths.
        layers.reserveCapacity(16)
    }

    private func lazyMaker(_ name: String) -> (() -> Value)? {
        lazyNames.first { $0.name == name }?.make
    }

    private func push(_ layer: Layer) {
        guard !layer.values.isEmpty else { return }
        layers.append(layer)
        topTakesSetFinal = false
        rendered.removeAll()
    }

    /// Adds user-written variables that may contain templates.
    func addTemplated(_ values: ValueDict, marks: [String: Mark] = [:], defaultMark: Mark? = nil) {
        push(Layer(values: values, kind: .templated, marks: marks, defaultMark: defaultMark))
    }

    /// Adds values the run produced; they are never templated again.
    func addFinal(_ values: ValueDict) {
        push(Layer(values: values, kind: .final))
    }

    /// Adds a host's facts as `ansible_facts` and `ansible_<name>` (final values), without
    /// building the prefixed names unless a template asks for them.
    func addFacts(_ facts: ValueDict) {
        push(Layer(values: facts, kind: .facts))
    }

    func setFinal(_ name: String, _ value: Value) {
        if topTakesSetFinal {
            layers[layers.count - 1].values[name] = value
            rendered.removeAll()
        } else {
            push(Layer(values: [name: value], kind: .final))
            topTakesSetFinal = true
        }
    }

    func setLazy(_ name: String, _ make: @escaping () -> Value) {
        if let index = lazyNames.firstIndex(where: { $0.name == name }) {
            lazyNames[index].make = make
        } else {
            lazyNames.append((name, layers.count, make))
        }
        // A later `setFinal` must not join a layer defined before this name.
        topTakesSetFinal = false
    }

    func contains(_ name: String) -> Bool { entry(name) != nil || lazyMaker(name) != nil }

    private struct Entry {
        var value: Value
        var isFinal: Bool
        var mark: Mark?
    }

    /// The topmost layer's definition of `name`.
    private func entry(_ name: String) -> Entry? {
        // Through the buffer: reading a layer in place rather than copying it out saves a
        // retain and release of each of its parts for every layer a lookup passes.
        layers.withUnsafeBufferPointer { layers in
            var index = layers.count
            while index > 0 {
                index -= 1
                guard let value = layers[index].value(of: name) else { continue }
                guard layers[index].kind == .templated else { return Entry(value: value, isFinal: true) }
                return Entry(value: value, isFinal: false, mark: layers[index].marks[name] ?? layers[index].defaultMark)
            }
            return nil
        }
    }

    /// Names in the order they were first defined, lowest layer first: the order in which
    /// ansible-core's merged variables list them (`varnames`). Built only when asked for.
    var definitionOrder: [String] {
        var seen = Set<String>()
        var order: [String] = []
        func note(_ name: String) {
            if seen.insert(name).inserted { order.append(name) }
        }
        var pendingLazy = lazyNames[...]
        for (index, layer) in layers.enumerated() {
            while let next = pendingLazy.first, next.position <= index {
                note(next.name)
                pendingLazy = pendingLazy.dropFirst()
            }
            for name in layer.names { note(name) }
        }
        for lazy in pendingLazy { note(lazy.name) }
        return order
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
        if !rendered.isEmpty, let done = rendered[name] { return done }
        guard let entry = entry(name) else {
            guard let make = lazyMaker(name) else { return nil }
            let value = make()
            rendered[name] = value
            return value
        }
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
        var names = Set<String>()
        for layer in layers { names.formUnion(layer.names) }
        var out = ValueDict()
        for name in names.sorted() {
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
