import Transport
import Values

/// `replace`: runs like `lineinfile` (the shared text-file part, then `modules/replace.sh`), but
/// answers in the shape of Ansible's replace: one content diff headed by the path, shown only
/// when the text changes.
public struct ReplaceModule: Module {
    public let spec: ModuleSpec = .replace
    private let editor = TextFileModule(spec: .replace, programName: "replace", returnsDiffAlways: false)

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        var result = try editor.run(arguments, context: context, on: connection)
        let path = arguments["path"]?.stringValue ?? ""
        if case .list(let diffs)? = result.values["diff"], case .dict(var content)? = diffs.first {
            content["before_header"] = .string(path)
            content["after_header"] = .string(path)
            result.values["diff"] = .dict(content)
        } else if case .dict(var content)? = result.values["diff"] {
            content["before_header"] = .string(path)
            content["after_header"] = .string(path)
            result.values["diff"] = .dict(content)
        }
        return result
    }
}
