/// Bounds that keep hostile or broken input from exhausting memory, time or the stack.
///
/// The defaults sit far above anything a real playbook, inventory or vars file reaches, so only
/// input built to hurt (an alias bomb, a 10,000-deep `[[[[…`, a runaway generated file) meets them.
public struct YAMLLimits: Sendable, Hashable {
    /// The deepest a node may sit below the document root, counting aliases as expanded: every
    /// later layer walks trees recursively, and this bound is what keeps those walks shallow.
    public var maxDepth: Int
    /// How many nodes a document may have once every alias is expanded. Counted arithmetically
    /// from subtree sizes, so an alias bomb is refused without ever being expanded.
    public var maxAliasExpansion: Int
    /// The largest input accepted, in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 256, maxAliasExpansion: Int = 1_000_000, maxBytes: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxBytes = maxBytes
    }

    public static let `default` = YAMLLimits()
}
