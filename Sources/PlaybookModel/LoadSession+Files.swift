import Diagnostics
import YAML

extension LoadSession {
    /// Parses a YAML file, reporting a missing file at `mark` (the statement that asked for it)
    /// and syntax errors at their place. `nil` when the file could not be read or is empty.
    func loadYAML(_ path: String, requestedAt mark: Mark?, what: String) -> Node? {
        guard FilePaths.isFile(path) else {
            error(.io, "could not find \(what) '\(path)'", at: mark)
            return nil
        }
        do {
            return try YAMLLoader.loadFile(path)
        } catch {
            report(error.diagnostics)
            return nil
        }
    }
}
