import Diagnostics
import Modules
import YAML

/// A task entry split into its action (the module, or an include/import statement) with its
/// arguments as written, and its keywords — Ansible's `ModuleArgsParser`, made strict.
struct TaskShape {
    var action: Action
    /// Where the action's name is written: the module key, or the word after `action:`.
    var actionMark: Mark
    /// The action's name as written (`ansible.builtin.apt`, `apt`): an unnamed task shows it.
    var writtenName: String
    var arguments: [ArgumentNode]
    /// False when the arguments could not be read: they are then not validated, since every
    /// conclusion about them would be wrong.
    var argumentsReadable: Bool
    var keywords: [(key: String, pair: Pair)]
    /// `local_action:` — run on the controller.
    var localActionMark: Mark?
    /// The whole entry, for checks over all its values.
    var node: Node
    var mark: Mark { node.mark }
}

extension LoadSession {
    /// Splits a task mapping; reports unknown keys, conflicting or missing actions and
    /// malformed arguments. Nil when no action could be determined.
    func taskShape(_ node: Node, keywords valid: Set<String>, place: String) -> TaskShape? {
        var keywords: [(key: String, pair: Pair)] = []
        var actions: [(action: Action, mark: Mark, value: Node, key: String, written: String)] = []
        var unknown: [(key: String, pair: Pair)] = []
        var argsNode: Node?
        var localActionMark: Mark?
        for (key, pair) in node.keyedPairs {
            if Keywords.refuse(key, at: pair.key.mark, in: self) {
                continue
            }
            switch key {
            case "action", "local_action":
                if key == "local_action" { localActionMark = pair.key.mark }
                if let form = actionForm(pair.value, key: key) {
                    actions.append((form.action, form.mark, form.arguments, key, form.name))
                }
            case "args":
                argsNode = pair.value
            case _ where valid.contains(key):
                keywords.append((key, pair))
            case _ where key.hasPrefix("with_"):
                // Each lookup is a loop form, so a with_ key naming none is a lookup that does not exist.
                error(
                    .unknownKey, "unsupported loop '\(key)': there is no lookup named '\(key.dropFirst(5))'",
                    at: pair.key.mark,
                    hint: Suggestion.didYouMean(key, in: LoopSource.Kind.lookupKeywords)
                        ?? "supported: loop, \(LoopSource.Kind.lookupKeywords.joined(separator: ", "))"
                )
            default:
                if let action = modules.action(named: key) {
                    actions.append((action, pair.key.mark, pair.value, key, key))
                } else {
                    unknown.append((key, pair))
                }
            }
        }
        reportUnknownKeys(unknown, foundAction: !actions.isEmpty, valid: valid, place: place)
        if actions.count > 1 {
            let names = actions.map { "'\($0.key == "action" || $0.key == "local_action" ? $0.action.name : $0.key)'" }
            error(
                .conflict, "conflicting actions in one \(place): \(names.joined(separator: " and "))",
                at: actions[1].mark, hint: "a task runs exactly one module; split it into one task per module")
            return nil
        }
        guard let chosen = actions.first else {
            if unknown.isEmpty || unknown.allSatisfy({ Suggestion.closest(to: $0.key, in: valid.sorted()) != nil }) {
                error(
                    .missingArgument, "no module/action detected in \(place)", at: node.mark,
                    hint: "add a module such as 'command: …' or 'apt: …'")
            }
            return nil
        }
        let spec = chosen.action.moduleName.flatMap(modules.spec(of:))
        var arguments: [ArgumentNode] = []
        if let argsNode {
            arguments = argsKeyword(argsNode)
        }
        let inline: [ArgumentNode]?
        if chosen.key == "action" || chosen.key == "local_action" {
            inline = actionArguments(chosen.value, action: chosen.action, spec: spec)
        } else {
            inline = moduleArguments(chosen.value, action: chosen.action, spec: spec)
        }
        // As in Ansible, arguments written with the module override those under `args:`.
        let inlineNames = Set((inline ?? []).map(\.name))
        arguments = arguments.filter { !inlineNames.contains($0.name) } + (inline ?? [])
        return TaskShape(
            action: chosen.action, actionMark: chosen.mark, writtenName: chosen.written, arguments: arguments,
            argumentsReadable: inline != nil,
            keywords: keywords,
            localActionMark: localActionMark, node: node)
    }

    /// Unknown keys of a task. With no module found, a key that looks like no keyword is most
    /// likely a misspelled or unavailable module.
    private func reportUnknownKeys(
        _ unknown: [(key: String, pair: Pair)], foundAction: Bool, valid: Set<String>, place: String
    ) {
        guard !unknown.isEmpty else { return }
        let moduleNames = modules.knownNames
        for (key, pair) in unknown {
            let keywordGuess = Suggestion.closest(to: key, in: valid.sorted())
            if foundAction || keywordGuess != nil {
                unknownKey(key, at: pair.key.mark, place: place, valid: valid, extraCandidates: moduleNames)
            } else {
                let hint =
                    Suggestion.didYouMean(key, in: moduleNames)
                    ?? "no built-in module or module in modules/ beside the playbook has this name"
                error(.unknownModule, "unknown module '\(key)'", at: pair.key.mark, hint: hint)
            }
        }
    }

    /// `action: apt name=nginx` / `action: {module: apt, name: nginx}`: the action and the
    /// node holding its arguments.
    private func actionForm(_ node: Node, key: String) -> (action: Action, mark: Mark, arguments: Node, name: String)? {
        if let pairs = node.mapping {
            guard let moduleNode = node.value(forKey: "module"), let name = moduleNode.text, !moduleNode.isNull else {
                error(.missingArgument, "'\(key)' in mapping form needs 'module: <name>'", at: node.mark)
                return nil
            }
            guard let action = resolveAction(name, at: moduleNode.mark) else { return nil }
            let rest = pairs.filter { $0.key.text != "module" }
            return (action, moduleNode.mark, Node(.mapping(rest), mark: node.mark), name)
        }
        guard let text = node.text, !node.isNull else {
            error(.wrongType, "'\(key)' must name a module, e.g. '\(key): command ls'", at: node.mark)
            return nil
        }
        let leading = text.prefix { $0 == " " || $0 == "\t" }.count
        let name = String(text.dropFirst(leading).prefix { !$0.isWhitespace })
        guard !name.isEmpty else {
            error(.missingArgument, "'\(key)' must name a module", at: node.mark)
            return nil
        }
        let mark = markInside(node, offset: leading)
        guard let action = resolveAction(name, at: mark) else { return nil }
        // The rest of the string keeps its offset through a node that starts at the module name.
        let rest = String(text.dropFirst(leading + name.count))
        var restNode = node
        restNode.kind = .scalar(Scalar(rest, style: .plain))
        restNode.mark = markInside(node, offset: leading + name.count)
        return (action, mark, restNode, name)
    }

    private func resolveAction(_ name: String, at mark: Mark) -> Action? {
        if let action = modules.action(named: name) { return action }
        error(
            .unknownModule, "unknown module '\(name)'", at: mark,
            hint: Suggestion.didYouMean(name, in: modules.knownNames))
        return nil
    }

    private func argsKeyword(_ node: Node) -> [ArgumentNode] {
        if node.isNull { return [] }
        guard let pairs = node.mapping else {
            error(
                .wrongType, "'args' must be a mapping of argument names to values, not \(node.describedKind)",
                at: node.mark)
            return []
        }
        return pairs.compactMap(argumentNode)
    }

    private func argumentNode(_ pair: Pair) -> ArgumentNode? {
        guard let name = pair.key.text else {
            error(.wrongType, "argument names must be strings", at: pair.key.mark)
            return nil
        }
        return ArgumentNode(name: name, nameMark: pair.key.mark, value: pair.value)
    }
}
