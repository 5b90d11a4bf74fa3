/// The remote programs of the built-in modules, embedded from `modules/*.sh` at build time.
public enum ModulePrograms {
    /// The shell source of a built-in module program, by module file name (`apt`, `copy`, `lib`…).
    public static func source(named name: String) -> String? {
        EmbeddedModulePrograms.sources[name]
    }

    public static var names: [String] { EmbeddedModulePrograms.sources.keys.sorted() }
}
