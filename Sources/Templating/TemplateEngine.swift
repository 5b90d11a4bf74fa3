import Diagnostics
import Values

/// Jinja2 as Ansible uses it, on the controller: renders task arguments, `when:` conditions and
/// template files against a host's variables.
///
/// Templates are compiled once per distinct text and cached, so rendering the same argument
/// for many hosts costs only the evaluation. The engine is safe to share between threads.
public final class TemplateEngine: Sendable {
    private let templates = TemplateCache<TemplateKey, Result<CompiledTemplate, TemplateFailure>>()
    private let expressions = TemplateCache<String, Result<CompiledExpression, TemplateFailure>>()
    let regexCache = RegexCache()
    public let limits: TemplateLimits

    /// Ansible's templar enables trim_blocks for every template it renders, inline strings
    /// included (its Environment is built with `trim_blocks=True`); lstrip_blocks stays off.
    static let inlineOptions: TemplateOptions = {
        var options = TemplateOptions.ansibleFile
        options.literalBackslashesInExpressions = true
        return options
    }()

    public init(limits: TemplateLimits = TemplateLimits()) {
        self.limits = limits
    }

    /// Whether a string contains template markers at all (most strings in a playbook do not).
    public static func isTemplated(_ text: String) -> Bool {
        var previousWasBrace = false
        for byte in text.utf8 {
            if previousWasBrace, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#") {
                return true
            }
            previousWasBrace = byte == UInt8(ascii: "{")
        }
        return false
    }

    /// Renders a string that may contain `{{ }}`, `{% %}`, `{# #}`, typing the result as Ansible
    /// does (see `ansibleTyped`: `"{{ [1, 2] }}"` is a list, `"{{ 3 }}"` the text `"3"`,
    /// `"{{ port }}"` the variable's own value). Trailing newlines are kept, as Ansible keeps them.
    public func render(_ text: String, at mark: Mark, context: TemplateContext) throws(TemplateError) -> Value {
        guard Self.isTemplated(text) else { return .string(text) }
        let compiled = try compiledTemplate(text, options: Self.inlineOptions, at: mark)
        let interpreter = Interpreter(context: context, regexCache: regexCache, limits: limits)
        do throws(TemplateFailure) {
            // A line break after the expression is text: the result is then a string.
            if let expression = compiled.singleExpression, !text.hasSuffix("\n") {
                let value = try interpreter.evaluate(expression).requireForOutput()
                if expression.isStringTypeFilter { return .string(value.pythonString) }
                // A tuple's text starts with '(', which ansible-core's literal_eval step leaves as text.
                if case .list = value, case .tuple = TupleShape.of(expression) {
                    return .string(TupleShape.of(expression).text(of: value))
                }
                return ansibleTyped(value, isBareName: expression.isBareName)
            }
            var out = ""
            try interpreter.render(compiled.nodes, into: &out)
            return ansibleTyped(text: TemplateOptions.preservingTrailingNewlines(out, of: text))
        } catch {
            throw error.located(in: compiled.source, base: mark)
        }
    }

    /// Renders a whole template file (the `template` module): always a string. By default the
    /// trailing newline is kept, trim_blocks is on and lstrip_blocks off, as in Ansible; the
    /// module's arguments come in as `options`, and a `#jinja2: lstrip_blocks: True` first line
    /// in the file overrides them.
    public func renderTemplate(
        _ text: String, file: String, context: TemplateContext, options: TemplateOptions = TemplateOptions()
    ) throws(TemplateError) -> String {
        let start = Mark(file: file, line: 1, column: 1)
        let overridden: (TemplateOptions, body: String, skippedLines: Int)
        // Jinja2 in Ansible drops the final line break; preservingTrailingNewlines puts it back.
        var fileOptions = options
        fileOptions.keepTrailingNewline = false
        do throws(TemplateFailure) {
            overridden = try fileOptions.applyingOverrides(in: text)
        } catch {
            throw error.located(in: SourceText(text), base: start)
        }
        let mark = Mark(file: file, line: 1 + overridden.skippedLines, column: 1)
        let compiled = try compiledTemplate(overridden.body, options: overridden.0, at: mark)
        let interpreter = Interpreter(context: context, regexCache: regexCache, limits: limits)
        var out = ""
        do throws(TemplateFailure) {
            try interpreter.render(compiled.nodes, into: &out)
        } catch {
            throw error.located(in: compiled.source, base: mark)
        }
        return TemplateOptions.preservingTrailingNewlines(out, of: text, newline: overridden.0.newlineSequence)
    }

    /// Evaluates a bare expression: `when:`, `changed_when:`, `failed_when:`, `until:`, and
    /// `loop:` strings written without braces. A condition written with braces still works.
    public func evaluate(_ expression: String, at mark: Mark, context: TemplateContext) throws(TemplateError) -> Value {
        if Self.isWrappedInBraces(expression) {
            return try render(expression, at: mark, context: context)
        }
        let compiled = try compiledExpression(expression, at: mark)
        do throws(TemplateFailure) {
            return try Interpreter(context: context, regexCache: regexCache, limits: limits).evaluate(compiled.expression).require()
        } catch {
            throw error.located(in: compiled.source, base: mark)
        }
    }

    /// Templates every string inside a value (task arguments, vars), keeping the structure.
    public func renderValue(_ value: Value, at mark: Mark, context: TemplateContext) throws(TemplateError) -> Value {
        try renderValue(value, at: mark, context: context, depth: 0)
    }

    private func renderValue(_ value: Value, at mark: Mark, context: TemplateContext, depth: Int) throws(TemplateError) -> Value {
        guard depth < 512 else {
            throw TemplateError(kind: .limit, diagnostic: .error(.limit, "value nested more than 512 levels deep", at: mark))
        }
        switch value {
        case .string(let s):
            return try render(s, at: mark, context: context)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try renderValue(item, at: mark, context: context, depth: depth + 1)) }
            return .list(out)
        case .dict(let dict):
            var out = ValueDict()
            for (key, item) in dict {
                let renderedKey = try render(key, at: mark, context: context).pythonString
                out[renderedKey] = try renderValue(item, at: mark, context: context, depth: depth + 1)
            }
            return .dict(out)
        default:
            return value
        }
    }

    /// Parse-only check used at load time, so syntax errors and unknown filter or test names
    /// surface before any host is touched.
    public func checkSyntax(_ text: String, at mark: Mark) -> Diagnostic? {
        guard Self.isTemplated(text) else { return nil }
        do throws(TemplateError) {
            _ = try compiledTemplate(text, options: Self.inlineOptions, at: mark)
            return nil
        } catch {
            return error.diagnostic
        }
    }

    public func checkExpressionSyntax(_ expression: String, at mark: Mark) -> Diagnostic? {
        if Self.isWrappedInBraces(expression) { return checkSyntax(expression, at: mark) }
        do throws(TemplateError) {
            _ = try compiledExpression(expression, at: mark)
            return nil
        } catch {
            return error.diagnostic
        }
    }

    // MARK: - Compilation

    private static func isWrappedInBraces(_ expression: String) -> Bool {
        let trimmed = expression.trimmingWhitespace()
        return trimmed.hasPrefix("{{") && trimmed.hasSuffix("}}")
    }

    private func compiledTemplate(_ text: String, options: TemplateOptions, at mark: Mark)
        throws(TemplateError) -> CompiledTemplate
    {
        let result = templates.entry(for: TemplateKey(text: text, options: options)) {
            do throws(TemplateFailure) {
                let compiled = try TemplateParser.compile(text, options: options)
                try NameCheck.check(compiled.nodes)
                return .success(compiled)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let compiled): return compiled
        case .failure(let failure): throw failure.located(in: SourceText(text), base: mark)
        }
    }

    func compiledExpression(_ text: String, at mark: Mark) throws(TemplateError) -> CompiledExpression {
        let result = expressions.entry(for: text) {
            do throws(TemplateFailure) {
                let compiled = try TemplateParser.compileExpression(text)
                try NameCheck.check(compiled.expression)
                return .success(compiled)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let compiled): return compiled
        case .failure(let failure): throw failure.located(in: SourceText(text), base: mark)
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
