import Diagnostics
import Values

/// Where a task's items come from: `loop:` or one of the `with_<lookup>:` forms, kept raw
/// (a list, or a template producing one) and expanded per host at run time.
public struct LoopSource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case loop
        case items = "with_items"
        case list = "with_list"
        case dict = "with_dict"
        case fileglob = "with_fileglob"
        case sequence = "with_sequence"
        case nested = "with_nested"
        case together = "with_together"
        case subelements = "with_subelements"
        case indexedItems = "with_indexed_items"
        case flattened = "with_flattened"

        /// The keyword as written in a task.
        public var keyword: String { rawValue }
    }

    public var kind: Kind
    public var value: Value
    public var mark: Mark

    public init(kind: Kind, value: Value, mark: Mark) {
        self.kind = kind
        self.value = value
        self.mark = mark
    }
}

/// `loop_control:` — how loop items are named, labelled and paced.
public struct LoopControl: Sendable, Hashable {
    public var loopVar: Located<String>?
    public var indexVar: Located<String>?
    /// Shown instead of the whole item in `(item=…)`; a template.
    public var label: Located<String>?
    /// Seconds to wait between items.
    public var pause: Templatable<Double>?
    public var extended: Templatable<Bool>?
    public var extendedAllitems: Templatable<Bool>?
    /// Stops the loop after the first item for which any of these holds.
    public var breakWhen: [Conditional] = []
    public var mark: Mark

    public init(mark: Mark) {
        self.mark = mark
    }

    /// The variable each item is bound to: `item` unless `loop_var:` renames it.
    public var itemVariable: String { loopVar?.value ?? "item" }
}
