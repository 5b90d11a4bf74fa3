import Diagnostics
import Values

/// `{% with %}`, `{% filter %}`, `{% macro %}` and `{% call %}`.
extension Interpreter {
    /// Calls nested deeper than this (a macro calling itself) are refused, not left to the stack.
    static let maximumMacroDepth = 64

    func renderBlock(_ node: TemplateNode, into out: inout String) throws(TemplateFailure) {
        switch node {
        case .scoped(let assignments, let body):
            // Every value is computed before any is bound, as Jinja2 does.
            var values: [Value] = []
            for assignment in assignments { values.append(try evaluate(assignment.value).require()) }
            try withScope { () throws(TemplateFailure) in
                for (assignment, value) in zip(assignments, values) { assign(assignment.name, value) }
                try render(body, into: &out)
            }
        case .filterBlock(let chain, let body):
            var text = ""
            try withScope { () throws(TemplateFailure) in try render(body, into: &text) }
            let filtered = try withScope { () throws(TemplateFailure) -> Value in
                assign(TemplateNode.filteredName, .string(text))
                return try evaluate(chain).require()
            }
            out += Self.outputString(filtered)
        case .macro(let macro):
            macros[macro.name] = macro
        case .callBlock(let call, let caller):
            guard case .call(let callee, let arguments) = call.kind else { return }
            callers.append(caller)
            defer { callers.removeLast() }
            let result = try self.call(callee, arguments, at: call.offset)
            out += Self.outputString(result)
        case .block(let name, let body):
            try renderBlock(named: name, body: body, into: &out)
        case .include(let name, let ignoreMissing):
            let candidates = try evaluate(name).require()
            let names = candidates.listValue?.map(\.pythonString) ?? [candidates.pythonString]
            for candidate in names {
                if let path = try locateTemplate(candidate, at: name.offset) {
                    out += try renderFile(path, at: name.offset)
                    return
                }
            }
            if !ignoreMissing {
                throw TemplateFailure(.filterError, "template not found: \(names.joined(separator: ", "))", at: name.offset)
            }
        case .importFile(let name, let alias):
            let imported = try importedExports(name)
            for (macroName, macro) in imported.macros { macros["\(alias).\(macroName)"] = macro }
            if !imported.variables.isEmpty { assign(alias, .dict(imported.variables)) }
        case .importNames(let name, let names):
            let imported = try importedExports(name)
            for (macroName, alias) in names {
                if let variable = imported.variables[macroName], imported.macros[macroName] == nil {
                    assign(alias, variable)
                    continue
                }
                guard let macro = imported.macros[macroName] else {
                    throw TemplateFailure(
                        .undefined(path: macroName), "the template does not define '\(macroName)'", at: name.offset,
                        hint: Suggestion.didYouMean(macroName, in: Array(imported.macros.keys) + imported.variables.keys))
                }
                macros[alias] = macro
            }
        default:
            break
        }
    }

    private func importedExports(_ name: Expression) throws(TemplateFailure)
        -> (macros: [String: TemplateNode.Macro], variables: ValueDict)
    {
        let file = try evaluate(name).require().pythonString
        guard let path = try locateTemplate(file, at: name.offset) else {
            throw TemplateFailure(.filterError, "template not found: \(file)", at: name.offset)
        }
        return try exports(of: path, at: name.offset)
    }

    /// The macro or `caller` a call by `name` refers to, if any.
    func macro(named name: String) -> TemplateNode.Macro? {
        if name == "caller", let caller = callers.last { return caller }
        return macros[name]
    }

    /// Renders a macro with its parameters bound like Python's: by position, then keyword,
    /// then default; extra positional arguments in `varargs`, extra keywords in `kwargs`.
    func invoke(_ macro: TemplateNode.Macro, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Value
    {
        macroDepth += 1
        defer { macroDepth -= 1 }
        guard macroDepth <= Self.maximumMacroDepth else {
            throw TemplateFailure(.limit, "macro calls nested more than \(Self.maximumMacroDepth) deep", at: offset)
        }
        // Inside `caller()`, an inner `caller()` belongs to the call block around this one.
        let isCaller = macro.name == "caller" && callers.last != nil
        let savedCallers = callers
        if isCaller { callers.removeLast() }
        defer { if isCaller { callers = savedCallers } }
        if !macro.catchesVarargs, positional.count > macro.parameters.count {
            let count = macro.parameters.count
            throw .type(
                "macro '\(macro.name)' takes not more than \(count) argument(s)", at: offset)
        }
        if !macro.catchesKeywords,
            let unknown = keywords.keys.first(where: { key in !macro.parameters.contains { $0.name == key } })
        {
            throw .type("macro '\(macro.name)' takes no keyword argument '\(unknown)'", at: offset)
        }
        var text = ""
        try withScope { () throws(TemplateFailure) in
            for (name, value) in macro.moduleVariables { assign(name, value) }
            var remaining = keywords
            for (index, parameter) in macro.parameters.enumerated() {
                if index < positional.count {
                    if remaining[parameter.name] != nil {
                        throw .type("macro '\(macro.name)' got multiple values for argument '\(parameter.name)'", at: offset)
                    }
                    assign(parameter.name, positional[index])
                } else if let value = remaining[parameter.name] {
                    remaining[parameter.name] = nil
                    assign(parameter.name, value)
                } else if let fallback = parameter.defaultValue {
                    assign(parameter.name, try evaluate(fallback).require())
                } else {
                    assign(parameter.name, Self.missingArgument)
                }
            }
            assign("varargs", .list(Array(positional.dropFirst(macro.parameters.count))))
            assign("kwargs", .dict(remaining))
            try render(macro.body, into: &text)
        }
        return .string(text)
    }
}
