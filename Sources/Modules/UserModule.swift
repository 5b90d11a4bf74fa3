import Transport
import Values

/// A module program a user wrote (`modules/NAME.sh` beside the playbook).
public struct UserModule: Module {
    public let spec: ModuleSpec
    public let path: String
    let body: String

    public init(name: String, path: String, body: String) {
        self.spec = ModuleSpec(
            name: name, summary: "User module \(path)",
            arguments: [ArgumentSpec("_raw_params", .string, summary: "The free-form text after the module name.")],
            takesFreeForm: true, acceptsAnyArguments: true)
        self.path = path
        self.body = body
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            try program.set(arguments: arguments)
        } catch {
            return .failure("\(path): \(error)")
        }
        return try RemoteRun.run(program, context: context, on: connection)
    }
}
