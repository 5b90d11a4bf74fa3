import Diagnostics
import Modules
import YAML

/// Module arguments as written: a mapping, or a `key=value` string (Ansible's legacy form,
/// still everywhere in real playbooks), made into `ArgumentNode`s with marks.
extension LoadSession {
    /// Statements whose free text is their one argument (`include_tasks: setup.yml`).
    static let rawParamStatements: Set<String> = [
        "import_tasks", "include_tasks", "import_role", "include_role", "import_playbook", "include",
    ]

    /// The arguments, or nil when they cannot be read (then nothing is concluded about them).
    func moduleArguments(_ node: Node, action: Action, spec: ModuleSpec?) -> [ArgumentNode]? {
        if node.isNull { return [] }
        switch node.kind {
        case .mapping(let pairs):
            return pairs.compactMap { pair in
                guard let name = pair.key.text else {
                    error(.wrongType, "argument names must be strings", at: pair.key.mark)
                    return nil
                }
                return ArgumentNode(name: name, nameMark: pair.key.mark, value: pair.value)
            }
        case .scalar(let scalar):
            return keyValueArguments(scalar.text, in: node, action: action, spec: spec)
        case .sequence:
            error(
                .wrongType, "the arguments of '\(action.name)' must be a mapping or a 'key=value' string, not a list",
                at: node.mark)
            return nil
        }
    }

    /// The arguments after the module name in `action: apt name=nginx`.
    func actionArguments(_ node: Node, action: Action, spec: ModuleSpec?) -> [ArgumentNode]? {
        if node.mapping != nil { return moduleArguments(node, action: action, spec: spec) }
        guard let text = node.text, !text.trimmedWhitespace.isEmpty else { return [] }
        return keyValueArguments(text, in: node, action: action, spec: spec)
    }

    /// Modules whose whole string is a command line: only `chdir=`-style options are taken
    /// out of it (Ansible's `FREEFORM_ACTIONS`). Other modules split every `key=value` word.
    static let commandLineModules: Set<String> = ["command", "shell", "script", "raw"]

    private func keyValueArguments(_ text: String, in node: Node, action: Action, spec: ModuleSpec?) -> [ArgumentNode]?
    {
        let freeForm = spec?.takesFreeForm ?? false
        let parsed: KeyValueArguments
        do {
            parsed = try KeyValueArguments.parse(text, freeForm: Self.commandLineModules.contains(action.name))
        } catch {
            self.error(
                .syntax, "the arguments of '\(action.name)' have an unclosed quote or Jinja2 block", at: node.mark,
                hint: "close every quote and every {{ … }}, or write the arguments as a mapping")
            return nil
        }
        var result: [ArgumentNode] = parsed.arguments.map { argument in
            let nameMark = markInside(node, offset: argument.offset)
            let valueMark = markInside(node, offset: argument.offset + argument.name.count + 1)
            // Quoted style: a `key=value` value is text, converted by the module's types
            // (`update_cache=yes` is a boolean, `mode=0644` stays the text "0644").
            let value = Node(.scalar(Scalar(argument.value, style: .singleQuoted)), mark: valueMark)
            return ArgumentNode(name: argument.name, nameMark: nameMark, value: value)
        }
        if let raw = parsed.rawParams {
            let mark = markInside(node, offset: parsed.rawParamsOffset)
            let takesRaw =
                freeForm || Self.rawParamStatements.contains(action.name) || spec?.acceptsAnyArguments == true
            if takesRaw {
                let value = Node(.scalar(Scalar(raw, style: .singleQuoted)), mark: mark)
                result.append(ArgumentNode(name: "_raw_params", nameMark: mark, value: value))
            } else {
                error(
                    .wrongType, "'\(action.name)' takes key=value arguments, not the free-form text '\(raw)'",
                    at: mark, hint: "write each argument as name=value, or use the mapping form")
            }
        }
        return result
    }

    /// The mark of a character inside a scalar: exact for one-line plain and simple quoted
    /// scalars, the scalar's start otherwise (block scalars, escapes).
    func markInside(_ node: Node, offset: Int) -> Mark {
        guard let scalar = node.scalar, !scalar.text.contains("\n") else { return node.mark }
        var mark = node.mark
        switch scalar.style {
        case .plain:
            mark.column += offset
        case .singleQuoted where !scalar.text.contains("'"):
            mark.column += offset + 1
        case .doubleQuoted where !scalar.text.contains("\\") && !scalar.text.contains("\""):
            mark.column += offset + 1
        default:
            return node.mark
        }
        return mark
    }
}
