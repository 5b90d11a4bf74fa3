import Diagnostics
import Values
import YAML

/// The keywords of one task entry, read once and then given to whatever the entry turns out
/// to be: a module task, an include, or an import.
struct TaskSettings {
    var name: String?
    var keywords = InheritableKeywords()
    var loop: LoopSource?
    var loopControl: LoopControl?
    var register: Located<String>?
    var notify: [Located<String>] = []
    var listen: [String] = []
    var changedWhen: [Conditional] = []
    var failedWhen: [Conditional] = []
    var until: [Conditional] = []
    var retries: Templatable<Int>?
    var delay: Templatable<Int>?
    var asyncSeconds: Templatable<Int>?
    var poll: Templatable<Int>?
}

extension LoadSession {
    /// Reads the keyword pairs of a task entry (already known to be valid keywords there).
    func taskSettings(_ pairs: [(key: String, pair: Pair)]) -> TaskSettings {
        var settings = TaskSettings()
        for (key, pair) in pairs {
            let value = pair.value
            if readInheritable(key, value, into: &settings.keywords) { continue }
            if let kind = LoopSource.Kind(keyword: key) {
                if let existing = settings.loop {
                    error(
                        .conflict, "a task can loop only once: '\(existing.kind.keyword)' and '\(key)' are both given",
                        at: pair.key.mark)
                } else {
                    settings.loop = loopSource(kind, value)
                }
                continue
            }
            switch key {
            case "name": settings.name = value.isNull ? nil : string(value, key)?.value
            case "loop_control": settings.loopControl = loopControl(value)
            case "register": settings.register = variableName(value, key)
            case "notify": settings.notify = names(value, key)
            case "listen": settings.listen = names(value, key).map(\.value)
            case "changed_when": settings.changedWhen = conditionals(value, key)
            case "failed_when": settings.failedWhen = conditionals(value, key)
            case "until": settings.until = conditionals(value, key)
            case "retries": settings.retries = int(value, key)
            case "delay": settings.delay = int(value, key)
            case "async": settings.asyncSeconds = nonNegativeInt(value, key)
            case "poll": settings.poll = nonNegativeInt(value, key)
            default: break  // the action keys (`action`, `args`, …), read with the module
            }
        }
        if settings.loopControl != nil && settings.loop == nil,
            let pair = pairs.first(where: { $0.key == "loop_control" })
        {
            warning("'loop_control' has no effect without 'loop'", at: pair.pair.key.mark)
        }
        return settings
    }

    /// A count of seconds (`async:`, `poll:`): an integer, not below zero.
    private func nonNegativeInt(_ node: Node, _ keyword: String) -> Templatable<Int>? {
        let value = int(node, keyword)
        if case .literal(let number, let mark)? = value, number < 0 {
            error(.wrongType, "'\(keyword)' must be an integer of 0 or more, not \(number)", at: mark)
            return nil
        }
        return value
    }

    /// A name that becomes a variable (`register:`, `loop_var:`): letters, digits, underscores.
    func variableName(_ node: Node, _ keyword: String) -> Located<String>? {
        guard let name = string(node, keyword) else { return nil }
        if name.value.isIdentifier || node.isTemplate { return name }
        error(
            .wrongType, "'\(keyword)' must be a valid variable name, not '\(name.value)'", at: node.mark,
            hint: "use letters, digits and underscores, not starting with a digit")
        return nil
    }

    private func loopSource(_ kind: LoopSource.Kind, _ node: Node) -> LoopSource? {
        if node.isNull {
            error(.wrongType, "'\(kind.keyword)' needs a list to loop over", at: node.mark)
            return nil
        }
        switch (kind, node.kind) {
        case (.loop, .scalar) where !node.isTemplate:
            error(
                .wrongType, "'loop' needs a list or a template producing one, not the text '\(node.text ?? "")'",
                at: node.mark, hint: "to loop over a variable write: loop: \"{{ \(node.text ?? "items") }}\"")
            return nil
        case (.loop, .mapping), (.lookup("items"), .mapping), (.lookup("list"), .mapping), (.lookup("nested"), .mapping),
            (.lookup("together"), .mapping):
            error(
                .wrongType, "'\(kind.keyword)' needs a list, not a mapping", at: node.mark,
                hint: kind == .loop
                    ? "to loop over a dict use: loop: \"{{ my_dict | dict2items }}\"" : "use with_dict for a mapping")
            return nil
        default:
            break
        }
        return LoopSource(kind: kind, value: node.toValue(), mark: node.mark)
    }

    private func loopControl(_ node: Node) -> LoopControl? {
        if node.isNull { return nil }
        guard node.mapping != nil else {
            error(.wrongType, "'loop_control' must be a mapping, not \(node.describedKind)", at: node.mark)
            return nil
        }
        var control = LoopControl(mark: node.mark)
        for (key, pair) in node.keyedPairs {
            let value = pair.value
            switch key {
            case "loop_var": control.loopVar = variableName(value, key)
            case "index_var": control.indexVar = variableName(value, key)
            case "label":
                checkTemplates(in: value)
                control.label = string(value, key)
            case "pause": control.pause = double(value, key)
            case "extended": control.extended = bool(value, key)
            case "extended_allitems": control.extendedAllitems = bool(value, key)
            case "break_when": control.breakWhen = conditionals(value, key)
            default:
                unknownKey(key, at: pair.key.mark, place: "loop_control", valid: Keywords.loopControl)
            }
        }
        return control
    }

    /// An unknown key, with the nearest valid one as a hint.
    func unknownKey(
        _ key: String, at mark: Mark, place: String, valid: some Sequence<String>, extraCandidates: [String] = []
    ) {
        let hint = Suggestion.didYouMean(key, in: valid.sorted() + extraCandidates)
        error(.unknownKey, "unknown \(place) keyword '\(key)'", at: mark, hint: hint)
    }
}
