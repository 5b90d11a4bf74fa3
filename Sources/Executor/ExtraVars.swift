import Diagnostics
import Modules
import Values
import YAML

/// `-e` values: `key=value key2=value2`, a JSON or YAML mapping, or `@file` (YAML or JSON),
/// merged left to right like Ansible.
enum ExtraVars {
    static func parse(_ arguments: [String]) throws(DiagnosticList) -> ValueDict {
        var merged = ValueDict()
        var problems: [Diagnostic] = []
        for (index, argument) in arguments.enumerated() {
            let origin = "--extra-vars #\(index + 1)"
            do {
                merged.merge(try parseOne(argument, origin: origin))
            } catch {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return merged
    }

    private static func parseOne(_ text: String, origin: String) throws(Diagnostic) -> ValueDict {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("@") {
            let path = String(trimmed.dropFirst())
            let node: Node?
            do {
                node = try YAMLLoader.loadFile(path)
            } catch {
                throw error.diagnostics.first ?? .error(.io, "cannot read \(path)", at: .synthetic(origin))
            }
            guard let dict = (node?.toValue() ?? .dict(ValueDict())).dictValue else {
                throw .error(.wrongType, "extra vars file \(path) must hold a mapping", at: node?.mark ?? .synthetic(origin))
            }
            return dict
        }
        if trimmed.hasPrefix("{") {
            do {
                guard let dict = try YAMLLoader.load(trimmed, file: origin)?.toValue().dictValue else {
                    throw Diagnostic.error(.wrongType, "extra vars must be a mapping", at: .synthetic(origin))
                }
                return dict
            } catch let error as DiagnosticList {
                throw error.diagnostics.first ?? .error(.syntax, "invalid extra vars", at: .synthetic(origin))
            } catch {
                throw .error(.syntax, "invalid extra vars: \(error)", at: .synthetic(origin))
            }
        }
        return try keyValues(trimmed, origin: origin)
    }

    /// `a=1 b="two words"`: values are strings, as Ansible keeps k=v extra vars.
    private static func keyValues(_ text: String, origin: String) throws(Diagnostic) -> ValueDict {
        var result = ValueDict()
        let words: [String]
        do {
            words = try ShellWords.split(text)
        } catch {
            throw .error(.syntax, "extra vars have an unclosed \(error.quote) quote", at: .synthetic(origin))
        }
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw .error(
                    .syntax, "extra var '\(word)' is not key=value", at: .synthetic(origin),
                    hint: "write -e name=value, -e '{\"name\": 1}' or -e @vars.yml")
            }
            result[String(word[..<equals])] = .string(String(word[word.index(after: equals)...]))
        }
        return result
    }
}
