import Transport
import Values

/// `lineinfile` and `blockinfile`: programs that edit a text file in place. Both share
/// `modules/textfile.sh` (path checks, owner/group/mode, backup, validate, atomic write), which
/// travels before the module's own body; the diff comes back in Ansible's shape: the content
/// before and after, then the attribute changes.
public struct TextFileModule: Module {
    public let spec: ModuleSpec
    /// The module's own program in `modules/`, without `.sh`.
    public let programName: String
    public static let sharedProgram = "textfile"
    /// The programs that run after the shared part.
    public static let programNames: Set<String> = ["lineinfile", "blockinfile"]
    /// Arguments the program reads; the rest (`unsafe_writes`, `validate`) are handled here.
    static let skippedArguments: Set<String> = ["validate", "unsafe_writes"]

    /// Whether the result carries its diff (texts empty) without --diff too, as Ansible's
    /// lineinfile and blockinfile return it; replace returns one only under --diff.
    let returnsDiffAlways: Bool
    /// The shared part and the module's own, joined once: joined for each run, every host held
    /// a copy of its own until its reply came.
    private let body: Result<String, ModuleProgramError>

    public init(spec: ModuleSpec, programName: String, returnsDiffAlways: Bool = true) {
        self.spec = spec
        self.programName = programName
        self.returnsDiffAlways = returnsDiffAlways
        if let shared = ModulePrograms.source(named: Self.sharedProgram) {
            body = ModulePrograms.source(named: programName).map { .success(shared + "\n" + $0) }
                ?? .failure(.missingProgram(programName))
        } else {
            body = .failure(.missingProgram(Self.sharedProgram))
        }
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        let body: String
        switch self.body {
        case .success(let text): body = text
        case .failure(let missing): return .failure(missing.description)
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            try program.setCheckedFileArguments(arguments, skipping: Self.skippedArguments, spec: spec)
        } catch {
            return .failure(error.description)
        }
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed):
            return failed.result
        case .success(let reply):
            return result(reply, path: arguments["path"]?.stringValue ?? "", context: context)
        }
    }

    /// The program's reply as Ansible returns it: internal fields removed, the diff a list of the
    /// content diff and the attribute diff (a file that check mode would create gets only the
    /// first, as in Ansible).
    func result(_ reply: ModuleReply, path: String, context: ModuleContext) -> ModuleResult {
        var values = reply.values
        // The program reports content_changed once it has decided; an early exit (a file to be
        // absent that is not there) returns no diff, as in Ansible.
        let returnsDiff =
            values["content_changed"] != nil
            && (returnsDiffAlways || (context.diff && reply.blobs["after_content"] != nil))
        let existed = values["existed"]?.boolValue ?? true
        let attributes = values["attributes_diff"]?.dictValue
        for key in ["content_changed", "existed", "attributes_diff"] { values[key] = nil }
        // Without --diff the texts are empty, as in Ansible.
        if returnsDiff {
            var content = ValueDict()
            content["before"] = .string(context.diff ? reply.text("before_content", trimmingNewline: false) ?? "" : "")
            content["after"] = .string(context.diff ? reply.text("after_content", trimmingNewline: false) ?? "" : "")
            content["before_header"] = .string("\(path) (content)")
            content["after_header"] = .string("\(path) (content)")
            if !existed && context.checkMode {
                values["diff"] = .dict(content)
            } else {
                var attributeDiff = attributes ?? ValueDict()
                attributeDiff["before_header"] = .string("\(path) (file attributes)")
                attributeDiff["after_header"] = .string("\(path) (file attributes)")
                values["diff"] = .list([.dict(content), .dict(attributeDiff)])
            }
        }
        let result = ModuleResult(
            changed: reply.changed, failed: reply.failed, skipped: reply.skipped, message: reply.message, values: values)
        return SecretMask.apply(context.secrets, to: result)
    }
}
