import Foundation
import PackagePlugin

/// Embeds the remote module programs (`modules/*.sh` at the top of the package) into the
/// `Modules` target as Swift string literals, so the `playbook` binary is self-contained
/// while the `modules/` folder stays the single source of truth.
@main
struct EmbedModulePrograms: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "modules")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sh") }
            .sorted()
        let inputs = names.map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedModulePrograms.swift")
        // The folder, not this list of its files, is what the tool reads: a plan made before a
        // file was added is reused, and the folder's own change is what makes the command run again.
        return [
            .buildCommand(
                displayName: "Embedding the module programs in \(folder.lastPathComponent)/",
                executable: try context.tool(named: "embed-module-programs").url,
                arguments: [output.path, folder.path],
                inputFiles: [folder] + inputs,
                outputFiles: [output])
        ]
    }
}
