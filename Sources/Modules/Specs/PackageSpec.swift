extension ModuleSpec {
    /// Arguments of `apt` that `package` passes through, as Ansible's package action does:
    /// listed so a misspelling is caught when the playbook loads, without apt's defaults (apt
    /// applies them itself).
    private static let packagePassThrough: [ArgumentSpec] = ModuleSpec.apt.arguments
        .filter { !["name", "state"].contains($0.name) }
        .map { argument in
            var passed = argument
            passed.defaultValue = nil
            passed.summary = "Passed to `apt`: " + argument.summary
            return passed
        }

    /// `package`: the generic package module; on Debian and Ubuntu targets it is `apt`.
    public static let package = ModuleSpec(
        name: "package",
        summary: "Installs, upgrades and removes packages with the target's package manager (apt on Debian and Ubuntu).",
        arguments: [
            ArgumentSpec(
                "name", .list(.string), required: true, aliases: ["pkg"],
                summary: "Package names, as the package manager knows them (optionally `name=version`)."),
            ArgumentSpec(
                "state", .string, default: "present",
                summary: "`present`, `absent`, or a state the package manager supports (`latest`)."),
            ArgumentSpec(
                "use", .string, default: "auto", choices: ["auto", "apt"],
                summary: "The package manager module; `auto` uses the one the target has (apt)."),
        ] + packagePassThrough)
}
