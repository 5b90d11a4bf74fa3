import Values

extension FilterLibrary {
    /// Ansible's `random` and `shuffle` (mathstuff/core): with a `seed` they are Python's
    /// seeded generator, so the same host gets the same minute or order as under Ansible.
    static let randomFilters: [String: FilterFunction] = [
        "random": { call throws(TemplateFailure) in
            var generator = call.argument(3, "seed").flatMap { $0.isNull ? nil : PythonRandom(seed: $0) } ?? PythonRandom()
            let start = call.argument(0, "start")
            let step = call.argument(1, "step")
            if case .int(let end) = call.input {
                let first = start.flatMap { $0.isTruthy ? Interpreter.integerIndex($0) : 0 } ?? 0
                let stride = step.flatMap { $0.isTruthy ? Interpreter.integerIndex($0) : 1 } ?? 1
                guard let drawn = generator.range(start: first, stop: end, step: stride) else {
                    throw call.fail("empty range for randrange() (\(first), \(end), \(stride))")
                }
                return .int(drawn)
            }
            if start?.isTruthy == true || step?.isTruthy == true {
                throw call.fail("start and step can only be used with integer values")
            }
            switch call.input {
            case .list, .string:
                let items = try call.inputItems
                guard !items.isEmpty else { throw call.fail("Cannot choose from an empty sequence") }
                return items[generator.below(items.count)]
            default:
                throw call.fail("random can only be used on sequences and integers")
            }
        },
        "shuffle": { call throws(TemplateFailure) in
            guard var items = try? call.inputItems else { return call.input }
            var generator = call.argument(0, "seed").flatMap { $0.isTruthy ? PythonRandom(seed: $0) : nil } ?? PythonRandom()
            generator.shuffle(&items)
            return .list(items)
        },
    ]
}
