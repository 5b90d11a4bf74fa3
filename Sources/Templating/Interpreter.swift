import Diagnostics
import Values

/// Renders one template or evaluates one expression against a context. One instance per call:
/// it holds the scopes that `{% set %}` and `{% for %}` create and the budget that stops a
/// runaway template.
final class Interpreter {
    let context: TemplateContext
    let regexCache: RegexCache
    let limits: TemplateLimits
    var scopes: [ValueDict] = []
    /// The loops being rendered, innermost last. `loop.index` and friends are read from here
    /// rather than from a dict rebuilt on every iteration.
    private var loops: [LoopState] = []
    /// For each loop being rendered, itself when it is recursive, so `loop(…)` can run it again.
    private var recursiveLoops: [TemplateNode.Loop?] = []
    /// The `cycler(…)` and `joiner(…)` objects made so far.
    var cyclers: [Cycler] = []
    var joiners: [Joiner] = []
    /// Set when a template binds the name `loop` itself, which then hides the loop state.
    private var loopNameBound = false
    private var iterationsLeft: Int
    private var outputSize = 0
    /// A `{% break %}` or `{% continue %}` on its way out to the innermost loop.
    var pendingLoopControl: (isBreak: Bool, Void)?
    /// Macros defined so far, by name.
    var macros: [String: TemplateNode.Macro] = [:]
    /// The bodies of the `{% call %}` blocks being run, innermost last.
    var callers: [TemplateNode.Macro] = []
    var macroDepth = 0
    /// Loop variables that hold tuples (`{% for pair in d | dictsort %}`), so they print as tuples.
    var tupleNames: [String: TupleShape] = [:]
    /// Files being rendered inside this render (`{% include %}`, `lookup('template')`).
    var fileDepth = 0
    /// Directories of the files being rendered, innermost last: an include is looked for
    /// beside the file that includes it first, as in Ansible.
    var fileDirectories: [String] = []
    /// For each block name, its bodies from the most derived template to the base one.
    var blockChains: [String: [[TemplateNode]]] = [:]
    /// The blocks being rendered (name and level in its chain), for `super()`.
    var blockStack: [(name: String, level: Int)] = []
    /// Parents being rendered for `{% extends %}`.
    var inheritanceDepth = 0

    init(context: TemplateContext, regexCache: RegexCache, limits: TemplateLimits) {
        self.context = context
        self.regexCache = regexCache
        self.limits = limits
        iterationsLeft = limits.maxLoopIterations
    }

    // MARK: - Names

    func lookup(_ name: String, at offset: Int) throws(TemplateFailure) -> Operand {
        for scope in scopes.reversed() {
            guard let value = scope[name] else { continue }
            if value == Self.missingArgument {
                var undefined = Operand.Undefined(path: name, hint: nil, offset: offset)
                undefined.message = "parameter '\(name)' was not provided"
                return .undefined(undefined)
            }
            return .value(value)
        }
        if name == "loop", let state = loops.last { return .value(state.dictionary) }
        let found: Value?
        do throws(TemplateError) {
            found = try context.lookup(name)
        } catch {
            throw TemplateFailure(passingThrough: error, at: offset)
        }
        if let found { return .value(found) }
        let known = context.knownNames
        let scopesNow = scopes
        return .undefined(.init(path: name, hint: Suggestion.didYouMean(name, in: known + scopesNow.flatMap(\.keys)), offset: offset))
    }

    /// Bound to a macro parameter the call left out: the name is undefined inside the macro
    /// (so `default` works), whatever an outer scope calls by that name.
    static let missingArgument = Value.dict(ValueDict([("\u{0}missing", .null)]))

    func assign(_ name: String, _ value: Value) {
        if name == "loop" { loopNameBound = true }
        if scopes.isEmpty { scopes.append(ValueDict()) }
        scopes[scopes.count - 1][name] = value
    }

    /// `{% set ns.attr = value %}` changes the namespace where it was defined, even from inside
    /// a loop, which is what namespaces are for.
    func assignAttribute(_ name: String, _ attribute: String, _ value: Value, at offset: Int) throws(TemplateFailure) {
        for index in scopes.indices.reversed() {
            guard let target = scopes[index][name] else { continue }
            guard case .dict(var dict) = target else {
                throw .type("cannot set attribute '\(attribute)' on '\(name)', a \(target.typeName); use namespace()", at: offset)
            }
            dict[attribute] = value
            scopes[index][name] = .dict(dict)
            return
        }
        throw .type("'\(name)' is not a namespace defined in this template; create it with namespace()", at: offset)
    }

    func withScope<T>(_ body: () throws(TemplateFailure) -> T) throws(TemplateFailure) -> T {
        scopes.append(ValueDict())
        defer { scopes.removeLast() }
        return try body()
    }

    func spendIteration(at offset: Int) throws(TemplateFailure) {
        iterationsLeft -= 1
        if iterationsLeft < 0 {
            throw TemplateFailure(.limit, "template exceeds \(limits.maxLoopIterations) loop iterations", at: offset)
        }
    }

    private func countOutput(_ bytes: Int, at offset: Int) throws(TemplateFailure) {
        outputSize += bytes
        if outputSize > limits.maxOutput {
            throw TemplateFailure(.limit, "template output exceeds \(limits.maxOutput) bytes", at: offset)
        }
    }

    // MARK: - Statements

    func render(_ nodes: [TemplateNode], into out: inout String) throws(TemplateFailure) {
        for node in nodes {
            if pendingLoopControl != nil { return }
            switch node {
            case .text(let text):
                // Literal text counts too: repeated by a loop it grows the output like any value.
                try countOutput(text.utf8.count, at: 0)
                out += text
            case .output(let expression):
                let text = outputString(try evaluate(expression).requireForOutput(), of: expression)
                try countOutput(text.utf8.count, at: expression.offset)
                out += text
            case .conditional(let branches, let otherwise):
                var taken = false
                for branch in branches where try evaluate(branch.condition).isTruthy {
                    try render(branch.body, into: &out)
                    taken = true
                    break
                }
                if !taken, let otherwise { try render(otherwise, into: &out) }
            case .loop(let loop):
                try renderLoop(loop, into: &out)
            case .assign(let targets, let expression):
                let value = try evaluate(expression).require()
                try bind(targets, to: value, at: expression.offset)
                if targets.count == 1, let target = targets.first {
                    let shape = TupleShape.of(expression, names: tupleNames)
                    tupleNames[target] = shape == .plain ? nil : shape
                }
            case .assignAttribute(let name, let attribute, let expression, let offset):
                try assignAttribute(name, attribute, try evaluate(expression).require(), at: offset)
            case .assignBlock(let name, let body):
                var captured = ""
                try withScope { () throws(TemplateFailure) in try render(body, into: &captured) }
                assign(name, .string(captured))
            case .loopControl(let isBreak):
                pendingLoopControl = (isBreak, ())
            case .extends(let parent):
                // The parent renders in place of this template; what follows only defines blocks.
                try renderParent(parent, overriding: nodes, into: &out)
                return
            default:
                try renderBlock(node, into: &out)
            }
        }
    }

    /// What `{{ }}` prints. Ansible's finalize prints `None` as an empty string.
    static func outputString(_ value: Value) -> String {
        value.isNull ? "" : value.pythonString
    }

    /// What `{{ expression }}` prints, tuples included.
    func outputString(_ value: Value, of expression: Expression) -> String {
        guard case .list = value else { return Self.outputString(value) }
        return TupleShape.of(expression, names: tupleNames).text(of: value)
    }

    /// `{% set a, b = pair %}` and `{% for k, v in … %}` unpack like Python.
    func bind(_ targets: [String], to value: Value, at offset: Int) throws(TemplateFailure) {
        if targets.count == 1 {
            assign(targets[0], value)
            return
        }
        let items = try iterate(value, at: offset)
        guard items.count == targets.count else {
            let problem = items.count > targets.count ? "too many" : "not enough"
            throw .type("\(problem) values to unpack (expected \(targets.count), got \(items.count))", at: offset)
        }
        for (target, item) in zip(targets, items) { assign(target, item) }
    }

    private func renderLoop(_ loop: TemplateNode.Loop, into out: inout String) throws(TemplateFailure) {
        let source = try evaluate(loop.iterable)
        guard loop.targets.count == 1, let target = loop.targets.first else {
            try renderLoop(loop, over: try source.require(), depth0: 0, into: &out)
            return
        }
        let saved = tupleNames[target]
        let itemShape = TupleShape.of(loop.iterable, names: tupleNames).item
        tupleNames[target] = itemShape == .plain ? nil : itemShape
        defer { tupleNames[target] = saved }
        try renderLoop(loop, over: try source.require(), depth0: 0, into: &out)
    }

    /// `loop(items)` inside a recursive loop: the same loop over other items, one level deeper.
    func renderRecursion(_ items: Value, at offset: Int) throws(TemplateFailure) -> String {
        guard let current = recursiveLoops.last ?? nil, let state = loops.last else {
            throw .type("'loop' is not callable outside a recursive loop", at: offset)
        }
        guard state.depth0 < Self.maximumLoopDepth else {
            throw TemplateFailure(.limit, "recursive loop deeper than \(Self.maximumLoopDepth) levels", at: offset)
        }
        var out = ""
        try renderLoop(current, over: items, depth0: state.depth0 + 1, into: &out)
        return out
    }

    static let maximumLoopDepth = 64

    private func renderLoop(_ loop: TemplateNode.Loop, over source: Value, depth0: Int, into out: inout String) throws(TemplateFailure) {
        var items = try iterate(source, at: loop.iterable.offset)
        if let filter = loop.filter {
            var kept: [Value] = []
            for item in items {
                try spendIteration(at: loop.offset)
                let keep = try withScope { () throws(TemplateFailure) -> Bool in
                    try bind(loop.targets, to: item, at: loop.offset)
                    return try evaluate(filter).isTruthy
                }
                if keep { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            if let otherwise = loop.otherwise { try render(otherwise, into: &out) }
            return
        }
        loops.append(LoopState(items: items, depth0: depth0))
        defer { loops.removeLast() }
        recursiveLoops.append(loop.recursive ? loop : nil)
        defer { recursiveLoops.removeLast() }
        for (index, item) in items.enumerated() {
            try spendIteration(at: loop.offset)
            loops[loops.count - 1].index = index
            // Each iteration starts from the enclosing values: a `{% set %}` in the body lasts
            // until the end of that iteration only, as in Jinja2.
            try withScope { () throws(TemplateFailure) in
                try bind(loop.targets, to: item, at: loop.offset)
                try render(loop.body, into: &out)
            }
            if let control = pendingLoopControl {
                pendingLoopControl = nil
                if control.isBreak { break }
            }
        }
    }

    /// Python iteration: lists by item, dicts by key, strings by character.
    func iterate(_ value: Value, at offset: Int) throws(TemplateFailure) -> [Value] {
        switch value {
        case .list(let items): return items
        case .dict(let dict): return dict.keys.map { .string($0) }
        case .string(let s): return s.map { .string(String($0)) }
        default: throw .type("'\(value.typeName)' object is not iterable", at: offset)
        }
    }
}

extension TemplateFailure {
    /// A resolver's error is already placed in the user's files; it passes through unchanged.
    init(passingThrough error: TemplateError, at offset: Int) {
        self.init(error.kind, error.diagnostic.message, at: offset, hint: error.diagnostic.hint)
        self.located = error
    }
}

extension Interpreter {
    /// `loop.<name>` of the innermost loop, or nil when the loop state does not answer it.
    func loopAttribute(_ name: String) -> Operand? {
        guard !loopNameBound, let state = loops.last else { return nil }
        return state.attribute(name).map(Operand.value)
    }

    var currentLoopIndex: Int? { loopNameBound ? nil : loops.last?.index }

    /// Whether `loop(…)` means the innermost loop, rendered again.
    var isInRecursiveLoop: Bool { !loopNameBound && (recursiveLoops.last ?? nil) != nil }

    /// `loop.changed(value)`: true on the first call and whenever the value differs from the
    /// previous call's, as Jinja2's loop context keeps it.
    func loopChanged(_ values: [Value]) -> Bool {
        guard !loops.isEmpty, loops[loops.count - 1].lastChanged != values else { return false }
        loops[loops.count - 1].lastChanged = values
        return true
    }
}
