/// Finds filter and test names that do not exist, at compile time, as Jinja2 does: a typo in
/// `| defualt` is reported when the playbook loads, not when the task first runs.
enum NameCheck {
    static func check(_ nodes: [TemplateNode]) throws(TemplateFailure) {
        for node in nodes {
            switch node {
            case .text: break
            case .output(let e): try check(e)
            case .conditional(let branches, let otherwise):
                for branch in branches {
                    try check(branch.condition)
                    try check(branch.body)
                }
                if let otherwise { try check(otherwise) }
            case .loop(let loop):
                try check(loop.iterable)
                if let filter = loop.filter { try check(filter) }
                try check(loop.body)
                if let otherwise = loop.otherwise { try check(otherwise) }
            case .assign(_, let e): try check(e)
            case .assignAttribute(_, _, let e, _): try check(e)
            case .assignBlock(_, let body): try check(body)
            case .loopControl: break
            case .scoped(let assignments, let body):
                for assignment in assignments { try check(assignment.value) }
                try check(body)
            case .filterBlock(let chain, let body):
                try check(chain)
                try check(body)
            case .macro(let macro): try check(macro)
            case .include(let e, _), .importFile(let e, _), .importNames(let e, _), .extends(let e): try check(e)
            case .block(_, let body): try check(body)
            case .callBlock(let call, let caller):
                try check(call)
                try check(caller)
            }
        }
    }

    private static func check(_ macro: TemplateNode.Macro) throws(TemplateFailure) {
        for parameter in macro.parameters { if let value = parameter.defaultValue { try check(value) } }
        try check(macro.body)
    }

    static func check(_ expression: Expression) throws(TemplateFailure) {
        switch expression.kind {
        case .literal, .name: break
        case .attribute(let base, _): try check(base)
        case .index(let base, let key):
            try check(base)
            try check(key)
        case .slice(let base, let start, let stop, let step):
            try check(base)
            for part in [start, stop, step] { if let part { try check(part) } }
        case .list(let items): for item in items { try check(item) }
        case .dict(let pairs):
            for pair in pairs {
                try check(pair.key)
                try check(pair.value)
            }
        case .unary(_, let e), .not(let e): try check(e)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            try check(a)
            try check(b)
        case .compare(let first, let rest):
            try check(first)
            for (_, e) in rest { try check(e) }
        case .conditional(let c, let t, let o):
            try check(c)
            try check(t)
            if let o { try check(o) }
        case .filter(let base, let name, let arguments):
            try check(base)
            guard FilterLibrary.isKnown(name) else { throw FilterLibrary.unknownFilter(name, at: expression.offset) }
            try check(arguments)
        case .test(let base, let name, let arguments, _):
            try check(base)
            guard TestLibrary.isKnown(name) else { throw TestLibrary.unknownTest(name, at: expression.offset) }
            try check(arguments)
        case .call(let callee, let arguments):
            try check(callee)
            try check(arguments)
        }
    }

    private static func check(_ arguments: Expression.Arguments) throws(TemplateFailure) {
        for e in arguments.positional { try check(e) }
        for (_, e) in arguments.keywords { try check(e) }
    }
}
