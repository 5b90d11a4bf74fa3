import Diagnostics

/// A template that could not be compiled or rendered, located in the user's source.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A variable, attribute or key that does not exist; `path` is the whole expression
        /// the user wrote (`hostvars['web1'].nginx.port`), not just the missing part.
        case undefined(path: String)
        /// Malformed template or expression text.
        case syntax
        /// A filter or test name that does not exist.
        case unknownFilter(String)
        case unknownTest(String)
        /// A filter or test refused its input (`from_json` on broken JSON, `mandatory`).
        case filterError
        /// An operation that does not apply to the values' types (`'a' - 1`).
        case typeError
        /// A bound that protects the controller: expression depth, range size, iteration count.
        case limit
    }

    public var kind: Kind
    public var diagnostic: Diagnostic

    public init(kind: Kind, diagnostic: Diagnostic) {
        self.kind = kind
        self.diagnostic = diagnostic
    }

    public var description: String { diagnostic.description }
}

extension TemplateError.Kind {
    /// The class of rule broken, in the vocabulary every layer's diagnostics share.
    var diagnosticKind: Diagnostic.Kind {
        switch self {
        case .undefined, .unknownFilter, .unknownTest: return .undefined
        case .syntax: return .syntax
        case .filterError: return .other
        case .typeError: return .wrongType
        case .limit: return .limit
        }
    }
}

/// What goes wrong inside the engine, before it is placed in the user's file: the offset is a
/// position (in Unicode scalars) within the template text being compiled or rendered.
struct TemplateFailure: Error {
    var kind: TemplateError.Kind
    var message: String
    var offset: Int
    var hint: String?
    /// An error already placed in the user's files (from a variable the resolver templated).
    var located: TemplateError?

    init(_ kind: TemplateError.Kind, _ message: String, at offset: Int, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.hint = hint
    }

    static func syntax(_ message: String, at offset: Int, hint: String? = nil) -> TemplateFailure {
        TemplateFailure(.syntax, message, at: offset, hint: hint)
    }

    static func type(_ message: String, at offset: Int) -> TemplateFailure {
        TemplateFailure(.typeError, message, at: offset)
    }

    /// Places the failure in the user's source: `base` is where the template text starts.
    func located(in source: SourceText, base: Mark) -> TemplateError {
        if let located { return located }
        let mark = source.mark(forOffset: offset, base: base)
        return TemplateError(
            kind: kind,
            diagnostic: .error(kind.diagnosticKind, message, at: mark, hint: hint))
    }
}
