import Diagnostics
import Values
import YAML

extension FilterLibrary {
    static let serializationFilters: [String: FilterFunction] = [
        "to_json": { call throws(TemplateFailure) in
            // Ansible's to_json is json.dumps with its defaults, unless told otherwise.
            let indent = call.keywords["indent"].flatMap(Interpreter.integerIndex)
            return .string(JSON.serialize(
                PythonTime.replacing(in: call.input, \.jsonValue), pretty: indent != nil, sortKeys: call.keywords["sort_keys"]?.isTruthy ?? false,
                indent: indent ?? 4, ensureASCII: call.keywords["ensure_ascii"]?.isTruthy ?? true))
        },
        "to_nice_json": { call throws(TemplateFailure) in
            .string(JSON.serialize(
                PythonTime.replacing(in: call.input, \.jsonValue), pretty: true, sortKeys: call.keywords["sort_keys"]?.isTruthy ?? true,
                indent: try call.int(0, "indent", default: 4), ensureASCII: call.keywords["ensure_ascii"]?.isTruthy ?? true))
        },
        "from_json": { call throws(TemplateFailure) in
            let text = try call.inputString
            do throws(JSONError) {
                return try JSON.parse(text)
            } catch {
                throw call.fail("invalid JSON: \(error)")
            }
        },
        "to_yaml": { call throws(TemplateFailure) in
            let indent = try call.int(0, "indent", default: 2)
            let sortKeys = call.keywords["sort_keys"]?.isTruthy ?? true
            guard let style = call.keywords["default_flow_style"], !style.isNull else {
                return .string(PythonTime.yamlText(call.input) { AutoFlowYAML.dump($0, indent: indent, sortKeys: sortKeys) })
            }
            return .string(PythonTime.yamlText(call.input) { input in
                AutoFlowYAML.withoutDocumentEnd(YAMLEmitter.emit(input, indent: indent, flow: style.isTruthy, sortKeys: sortKeys))
            })
        },
        "to_nice_yaml": { call throws(TemplateFailure) in
            let indent = try call.int(0, "indent", default: 4)
            let sortKeys = call.keywords["sort_keys"]?.isTruthy ?? true
            return .string(PythonTime.yamlText(call.input) { input in
                AutoFlowYAML.withoutDocumentEnd(YAMLEmitter.emit(input, indent: indent, flow: false, sortKeys: sortKeys))
            })
        },
        "from_yaml": { call throws(TemplateFailure) in
            let text = try call.inputString
            do throws(DiagnosticList) {
                return try YAMLLoader.load(text, file: "<from_yaml>")?.toValue() ?? .null
            } catch {
                throw call.fail("invalid YAML: \(error.diagnostics.first?.message ?? "\(error)")")
            }
        },
        "from_yaml_all": { call throws(TemplateFailure) in
            let text = try call.inputString
            do throws(DiagnosticList) {
                return .list(try YAMLLoader.loadAll(text, file: "<from_yaml_all>").map { $0.toValue() })
            } catch {
                throw call.fail("invalid YAML: \(error.diagnostics.first?.message ?? "\(error)")")
            }
        },
    ]

}
