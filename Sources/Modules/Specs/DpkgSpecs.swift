extension ModuleSpec {
    /// `dpkg_selections`: a package's dpkg selection (hold, install, …).
    public static let dpkgSelections = ModuleSpec(
        name: "dpkg_selections",
        summary: "Sets a package's dpkg selection (`dpkg --set-selections`): `hold` keeps apt from upgrading it.",
        arguments: [
            ArgumentSpec("name", .string, required: true, summary: "The package."),
            ArgumentSpec(
                "selection", .string, required: true, choices: ["install", "hold", "deinstall", "purge"],
                summary: "The selection state."),
        ])

    /// `debconf`: one answer in the debconf database, for packages installed later.
    public static let debconf = ModuleSpec(
        name: "debconf",
        summary:
            "Sets one debconf answer (`debconf-set-selections`), compared first with what `debconf-show` reports; answers for packages not installed yet are kept for their installation.",
        arguments: [
            ArgumentSpec("name", .string, required: true, aliases: ["pkg"], summary: "The package the question belongs to."),
            ArgumentSpec("question", .string, aliases: ["selection", "setting"], summary: "The question (`tzdata/Areas`)."),
            ArgumentSpec(
                "vtype", .string,
                choices: ["boolean", "error", "multiselect", "note", "password", "seen", "select", "string", "text", "title"],
                summary: "The answer's type."),
            ArgumentSpec(
                "value", .raw, aliases: ["answer"],
                summary: "The answer; a list for `multiselect` (compared in any order)."),
            ArgumentSpec("unseen", .bool, default: false, summary: "Do not mark the question as seen (`-u`)."),
        ],
        requiredBy: [("question", ["vtype", "value"])])
}
