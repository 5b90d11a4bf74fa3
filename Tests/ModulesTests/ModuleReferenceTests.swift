import Foundation
import Modules
import Testing

/// The published module reference is generated from the specs; this keeps the committed copy
/// in step with them (regenerate with `playbook --module-reference > docs/modules.md`).
@Suite struct ModuleReferenceTests {
    @Test func committedReferenceMatchesTheSpecs() throws {
        let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let path = "/" + root + "/docs/modules.md"
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == ModuleReference.markdown(), "docs/modules.md is stale: regenerate it with `playbook --module-reference > docs/modules.md`")
    }

    @Test func everyModuleAndArgumentIsDocumented() {
        let text = ModuleReference.markdown()
        for module in ModuleRegistry.all {
            #expect(text.contains("## \(module.spec.name)\n"))
            for argument in module.spec.arguments where !argument.name.hasPrefix("_") {
                #expect(text.contains("`\(argument.name)`"), "\(module.spec.name).\(argument.name) missing")
            }
        }
    }
}
