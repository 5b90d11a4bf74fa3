import Diagnostics
import Values
import YAML

/// A role's directory read: variables, dependencies and the variable names it accepts as
/// parameters. Task files are read per use, since `tasks_from` may differ.
struct LoadedRole {
    var context: RoleContext
    var dependencies: [RoleEntry]
    /// Variables the role defines or declares in `argument_specs`: accepted as role parameters.
    var knownVariables: Set<String>
}

extension LoadSession {
    /// Finds and reads a role by name (or path), reporting where it was searched when absent.
    func loadRole(
        named name: String, at mark: Mark, searchPaths: [String], defaultsFrom: String? = nil, varsFrom: String? = nil
    ) -> LoadedRole? {
        let candidates: [String]
        if name.contains("/") {
            candidates = [name.hasPrefix("/") ? name : FilePaths.join(playbookDirectory, name)]
        } else {
            candidates = searchPaths.map { FilePaths.join($0, name) }
        }
        guard let path = candidates.first(where: FilePaths.isDirectory) else {
            let available = Set(searchPaths.flatMap { FilePaths.subdirectories(of: $0) })
            let suggestion = Suggestion.didYouMean(name, in: available.sorted()).map { "\($0); " } ?? ""
            error(
                .io, "role '\(name)' not found", at: mark,
                hint: "\(suggestion)searched: \(candidates.joined(separator: ", "))")
            return nil
        }
        var context = RoleContext(name: FilePaths.lastComponent(of: path), path: path)
        var known = Set<String>()
        if let defaults = roleVariables(path, "defaults", defaultsFrom, at: mark) {
            context.defaults = defaults
            known.formUnion(defaults.keys)
        }
        if let vars = roleVariables(path, "vars", varsFrom, at: mark) {
            context.vars = vars
            known.formUnion(vars.keys)
        }
        var dependencies: [RoleEntry] = []
        if let metaPath = FilePaths.firstExistingYAML(FilePaths.join(path, "meta/main")),
            let meta = loadYAML(metaPath, requestedAt: mark, what: "role metadata")
        {
            dependencies = roleMeta(meta, into: &context, known: &known)
        }
        if let specsPath = FilePaths.firstExistingYAML(FilePaths.join(path, "meta/argument_specs")),
            let specs = loadYAML(specsPath, requestedAt: mark, what: "role argument specs")
        {
            known.formUnion(Self.argumentSpecNames(specs["argument_specs"] ?? specs))
        }
        context.dependencies = dependencies.map(\.name)
        return LoadedRole(context: context, dependencies: dependencies, knownVariables: known)
    }

    /// `defaults/main.yml` or `vars/main.yml` (or the `…_from` file): a mapping of variables.
    private func roleVariables(_ rolePath: String, _ folder: String, _ from: String?, at mark: Mark) -> ValueDict? {
        let base = FilePaths.join(rolePath, "\(folder)/\(Self.strippingYAMLExtension(from ?? "main"))")
        guard let path = FilePaths.firstExistingYAML(base) else {
            if let from {
                error(
                    .io, "could not find \(folder) file '\(from)' of role '\(FilePaths.lastComponent(of: rolePath))'",
                    at: mark, hint: "searched: \(base).yml")
            }
            return nil
        }
        guard let node = loadYAML(path, requestedAt: mark, what: "\(folder) file") else { return ValueDict() }
        if node.isNull { return ValueDict() }
        guard node.mapping != nil else {
            error(
                .wrongType, "role \(folder) must be a mapping of variable names to values, not \(node.describedKind)",
                at: node.mark)
            return nil
        }
        checkTemplates(in: node)
        return variables(node, folder).values
    }

    private func roleMeta(_ node: Node, into context: inout RoleContext, known: inout Set<String>) -> [RoleEntry] {
        if node.isNull { return [] }
        guard node.mapping != nil else {
            error(.wrongType, "role metadata must be a mapping, not \(node.describedKind)", at: node.mark)
            return []
        }
        var dependencies: [RoleEntry] = []
        for (key, pair) in node.keyedPairs {
            switch key {
            case "dependencies":
                if pair.value.isNull { continue }
                guard let items = pair.value.sequence else {
                    error(
                        .wrongType, "'dependencies' must be a list of roles, not \(pair.value.describedKind)",
                        at: pair.value.mark)
                    continue
                }
                dependencies = items.compactMap { roleEntry($0, place: "dependencies") }
            case "allow_duplicates":
                context.allowDuplicates = bool(pair.value, key)?.literal ?? false
            case "argument_specs":
                known.formUnion(Self.argumentSpecNames(pair.value))
            case "galaxy_info", "collections":
                break
            default:
                unknownKey(key, at: pair.key.mark, place: "role metadata", valid: Keywords.roleMeta)
            }
        }
        return dependencies
    }

    /// Option names declared for any entry point: `argument_specs: {main: {options: {x: …}}}`.
    private static func argumentSpecNames(_ node: Node) -> [String] {
        node.keyedPairs.flatMap { entryPoint in entryPoint.pair.value["options"]?.keyedPairs.map(\.key) ?? [] }
    }

    static func strippingYAMLExtension(_ name: String) -> String {
        for suffix in [".yml", ".yaml", ".json"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}
