import Values

/// The variables a template sees.
///
/// Names are looked up in `variables` first; a name not found there is asked of `resolver`, so
/// that the planner can template variables that reference other variables only when (and if) a
/// template actually uses them. A resolver returns `nil` for a name that does not exist.
public struct TemplateContext {
    public var variables: ValueDict
    public var resolver: ((String) throws(TemplateError) -> Value?)?
    /// The names the resolver knows, in the order they were defined, for lookups that list
    /// the variables in scope (`varnames`); without it only `variables` are listed.
    public var resolverNames: (() -> [String])?

    public init(
        variables: ValueDict = ValueDict(),
        resolver: ((String) throws(TemplateError) -> Value?)? = nil
    ) {
        self.variables = variables
        self.resolver = resolver
    }

    public init(_ variables: Value) {
        self.init(variables: variables.dictValue ?? ValueDict())
    }

    public func lookup(_ name: String) throws(TemplateError) -> Value? {
        if let value = variables[name] { return value }
        return try resolver?(name)
    }

    /// Names for "did you mean" hints; names only the resolver knows are not listed.
    var knownNames: [String] { variables.keys }

    /// Every variable name visible: `variables` first, then those only the resolver knows.
    var visibleNames: [String] {
        let own = variables.keys
        let ownSet = Set(own)
        return own + (resolverNames?() ?? []).filter { !ownSet.contains($0) }
    }
}
