/// One lexical element of a template: literal text, a tag delimiter, or a piece of an expression.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case data(String)
        case variableBegin, variableEnd
        case blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        case op(String)
        case end
    }

    var kind: Kind
    /// Position in the template text, in Unicode scalars.
    var offset: Int

    init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    var name: String? { if case .name(let n) = kind { return n } else { return nil } }

    func isOp(_ op: String) -> Bool { kind == .op(op) }
    func isName(_ word: String) -> Bool { kind == .name(word) }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .data: return "template text"
        case .variableBegin: return "'{{'"
        case .variableEnd: return "'}}'"
        case .blockBegin: return "'{%'"
        case .blockEnd: return "'%}'"
        case .name(let n): return "'\(n)'"
        case .string: return "a string"
        case .integer(let i): return "'\(i)'"
        case .float(let d): return "'\(d)'"
        case .op(let o): return "'\(o)'"
        case .end: return "the end of the template"
        }
    }
}
