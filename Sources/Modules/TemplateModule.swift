import Transport
import Values

/// `template`: the executor renders the file on the controller (it holds the variables) and
/// hands the text over as `_content`; from there the write is exactly `copy`'s — checksum
/// first, atomic, validated, with owner/group/mode and diff.
public struct TemplateModule: Module {
    public let spec = ModuleSpec.template
    /// The argument the executor adds with the rendered text.
    public static let renderedContentArgument = "_content"

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let content = arguments[Self.renderedContentArgument]?.stringValue else {
            return .failure("template: the template was not rendered before the module ran")
        }
        var copy = ValueDict()
        copy["content"] = .string(content)
        for name in ["dest", "owner", "group", "mode", "backup", "force", "validate", "follow"] {
            if let value = arguments[name] { copy[name] = value }
        }
        var result = try CopyModule().run(copy, context: context, on: connection)
        // `src` is copy's: the target's copy of the rendered text when it was written, as
        // Ansible's template returns it, and none when the file already had these bytes.
        if let src = arguments["src"] {
            // Ansible names the new side after the rendered copy in its local temporary directory
            // (`…/tmpXXXX/NAME.j2`); the template itself is the stable name for that file.
            if case .dict(var diff)? = result.values["diff"], diff["after_header"] != nil, let path = src.stringValue {
                diff["after_header"] = .string(CopyModule.absolutePath(path))
                result.values["diff"] = .dict(diff)
            }
        }
        return result
    }
}
