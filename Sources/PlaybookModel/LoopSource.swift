import Diagnostics
import Templating
import Values

/// Where a task's items come from: `loop:` or `with_<lookup>:`, kept raw (a list, or a template
/// producing one) and expanded per host at run time. As in Ansible, every lookup is a `with_`
/// form: `with_X: terms` gives what `lookup('X', terms, wantlist=True)` gives.
public struct LoopSource: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case loop
        /// `with_<name>`: the items are what the lookup `name` returns.
        case lookup(String)

        /// The kind a task key names: `loop`, or `with_` and the name of an existing lookup.
        public init?(keyword: String) {
            if keyword == "loop" {
                self = .loop
            } else if keyword.hasPrefix("with_"), LoopLookups.exists(String(keyword.dropFirst(5))) {
                self = .lookup(String(keyword.dropFirst(5)))
            } else {
                return nil
            }
        }

        /// The keyword as written in a task.
        public var keyword: String {
            switch self {
            case .loop: return "loop"
            case .lookup(let name): return "with_" + name
            }
        }

        /// Every `with_<lookup>` keyword, sorted: one per lookup the templating engine has.
        public static var lookupKeywords: [String] { LoopLookups.names.map { "with_" + $0 } }
    }

    public var kind: Kind
    public var value: Value
    public var mark: Mark
    /// Where `with_first_found` looks in a role or beside the playbook: `files`, or the folder
    /// the task's action reads from (`templates` for `template`).
    public var lookupSubdirectory = "files"

    public init(kind: Kind, value: Value, mark: Mark) {
        self.kind = kind
        self.value = value
        self.mark = mark
    }

    /// The folder `with_first_found` searches for a task running `action`, as ansible-core picks it.
    public static func lookupSubdirectory(forAction action: String) -> String {
        LoopLookups.subdirectory(forAction: action)
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
