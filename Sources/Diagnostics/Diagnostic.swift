/// One problem found in the user's input, worded for a person and located in the source.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// What kind of rule was broken, so tests can assert the class of an error
    /// without depending on its exact wording.
    public enum Kind: String, Sendable, Hashable {
        case syntax  // malformed YAML/INI/template text
        case duplicateKey
        case unknownKey
        case unknownModule
        case unknownArgument
        case missingArgument
        case wrongType
        case badChoice
        case conflict  // mutually exclusive arguments, contradicting keywords
        case ambiguousValue  // unquoted octal, yes/no where a string is expected
        case limit  // alias bomb, depth bound, size bound
        case encoding
        case undefined  // undefined variable or filter
        case pattern  // host patterns
        case io  // unreadable file
        case other
    }

    public var severity: Severity
    public var kind: Kind
    public var message: String
    public var mark: Mark?
    /// A suggestion on what to do, printed after the caret ("quote it: mode: \"0644\"").
    public var hint: String?
    /// Secondary locations, such as the first definition of a duplicated key.
    public var notes: [Note]

    public struct Note: Sendable, Hashable {
        public var mark: Mark
        public var message: String
        public init(mark: Mark, message: String) {
            self.mark = mark
            self.message = message
        }
    }

    public init(
        _ severity: Severity = .error, kind: Kind, _ message: String, at mark: Mark?,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.mark = mark
        self.hint = hint
        self.notes = notes
    }

    public static func error(
        _ kind: Kind, _ message: String, at mark: Mark?, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, kind: kind, message, at: mark, hint: hint, notes: notes)
    }

    /// One line, compiler style: `file:line:col: error: message`.
    public var description: String {
        let location = mark.map { "\($0): " } ?? ""
        return "\(location)\(severity.rawValue): \(message)"
    }
}

/// Several diagnostics thrown together: validation reports every problem of a file at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
