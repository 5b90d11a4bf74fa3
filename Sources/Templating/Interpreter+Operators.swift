#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

extension Interpreter {
    /// Strings and lists built by `*` and `~` may not grow past this many elements.
    static let maximumSequenceLength = 16 << 20

    func unary(_ op: Expression.UnaryOperator, _ value: Value, at offset: Int) throws(TemplateFailure) -> Value {
        guard let number = PythonSemantics.number(value) else {
            throw .type("bad operand type for unary \(op.rawValue): '\(value.typeName)'", at: offset)
        }
        switch (op, number) {
        case (.plus, .int(let i)): return .int(i)
        case (.plus, .double(let d)): return .double(d)
        case (.minus, .int(let i)):
            guard i != Int.min else { throw TemplateFailure(.limit, "integer overflow", at: offset) }
            return .int(-i)
        case (.minus, .double(let d)): return .double(-d)
        }
    }

    /// One side of `~`: its text, with tuples printed as the expression made them.
    func concatText(_ value: Value, of expression: Expression) -> String {
        guard case .list = value else { return value.pythonString }
        return TupleShape.of(expression, names: tupleNames).text(of: value)
    }

    func binary(_ op: Expression.BinaryOperator, _ a: Value, _ b: Value, at offset: Int) throws(TemplateFailure) -> Value {
        if op != .concat, let x = PythonTime(a), let y = PythonTime(b) {
            guard let result = PythonTime.binary(op, x, y) else {
                throw .type("unsupported operand type(s) for \(op.rawValue): '\(x.typeName)' and '\(y.typeName)'", at: offset)
            }
            return result.value
        }
        switch op {
        case .concat:
            return .string(a.pythonString + b.pythonString)
        case .add:
            switch (a, b) {
            case (.string(let x), .string(let y)): return .string(x + y)
            case (.list(let x), .list(let y)): return .list(x + y)
            default: break
            }
        case .multiply:
            switch (a, b) {
            case (.string(let s), _) where Self.integerIndex(b) != nil:
                return .string(String(repeating: s, count: try repeatCount(b, length: s.count, at: offset)))
            case (_, .string(let s)) where Self.integerIndex(a) != nil:
                return .string(String(repeating: s, count: try repeatCount(a, length: s.count, at: offset)))
            case (.list(let items), _) where Self.integerIndex(b) != nil:
                let n = try repeatCount(b, length: items.count, at: offset)
                return .list(Array((0..<n).map { _ in items }.joined()))
            case (_, .list(let items)) where Self.integerIndex(a) != nil:
                let n = try repeatCount(a, length: items.count, at: offset)
                return .list(Array((0..<n).map { _ in items }.joined()))
            default: break
            }
        case .modulo:
            if case .string(let format) = a {
                return .string(try PythonFormat.percent(format, b, at: offset))
            }
        default:
            break
        }
        guard let x = PythonSemantics.number(a), let y = PythonSemantics.number(b) else {
            throw .type("unsupported operand types for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'", at: offset)
        }
        return try arithmetic(op, x, y, at: offset)
    }

    private func repeatCount(_ count: Value, length: Int, at offset: Int) throws(TemplateFailure) -> Int {
        let n = max(0, Self.integerIndex(count) ?? 0)
        if n > 0, length > 0, n > Self.maximumSequenceLength / length {
            throw TemplateFailure(.limit, "repetition would exceed \(Self.maximumSequenceLength) elements", at: offset)
        }
        return n
    }

    /// Python's int and float arithmetic: `/` always gives a float, `//` and `%` floor toward
    /// negative infinity, ints that overflow are refused rather than wrapped.
    private func arithmetic(
        _ op: Expression.BinaryOperator, _ x: PythonSemantics.Number, _ y: PythonSemantics.Number, at offset: Int
    ) throws(TemplateFailure) -> Value {
        if case .int(let i) = x, case .int(let j) = y {
            func checked(_ r: (partialValue: Int, overflow: Bool)) throws(TemplateFailure) -> Value {
                if r.overflow { throw TemplateFailure(.limit, "integer overflow in \(op.rawValue): the result is beyond the 64-bit integers this engine computes with", at: offset) }
                return .int(r.partialValue)
            }
            switch op {
            case .add: return try checked(i.addingReportingOverflow(j))
            case .subtract: return try checked(i.subtractingReportingOverflow(j))
            case .multiply: return try checked(i.multipliedReportingOverflow(by: j))
            case .divide:
                guard j != 0 else { throw .type("division by zero", at: offset) }
                return .double(Double(i) / Double(j))
            case .floorDivide, .modulo:
                guard j != 0 else { throw .type("integer division or modulo by zero", at: offset) }
                guard !(i == Int.min && j == -1) else { throw TemplateFailure(.limit, "integer overflow", at: offset) }
                var quotient = i / j
                var remainder = i % j
                if remainder != 0, (remainder < 0) != (j < 0) {
                    quotient -= 1
                    remainder += j
                }
                return .int(op == .floorDivide ? quotient : remainder)
            case .power:
                if j >= 0 { return try integerPower(i, j, at: offset) }
                return .double(pow(Double(i), Double(j)))
            case .concat:
                break
            }
        }
        let (p, q) = (x.asDouble, y.asDouble)
        switch op {
        case .add: return .double(p + q)
        case .subtract: return .double(p - q)
        case .multiply: return .double(p * q)
        case .divide:
            guard q != 0 else { throw .type("float division by zero", at: offset) }
            return .double(p / q)
        case .floorDivide:
            guard q != 0 else { throw .type("float floor division by zero", at: offset) }
            return .double(Self.pythonDivmod(p, q).quotient)
        case .modulo:
            guard q != 0 else { throw .type("float modulo", at: offset) }
            return .double(Self.pythonDivmod(p, q).remainder)
        case .power:
            if p == 0, q < 0 { throw .type("0.0 cannot be raised to a negative power", at: offset) }
            return .double(pow(p, q))
        case .concat:
            return .string("")
        }
    }

    private func integerPower(_ base: Int, _ exponent: Int, at offset: Int) throws(TemplateFailure) -> Value {
        var result = 1
        var factor = base
        var e = exponent
        while e > 0 {
            if e & 1 == 1 {
                let r = result.multipliedReportingOverflow(by: factor)
                if r.overflow { throw TemplateFailure(.limit, "integer overflow in **: the result is beyond the 64-bit integers this engine computes with", at: offset) }
                result = r.partialValue
            }
            e >>= 1
            if e > 0 {
                let f = factor.multipliedReportingOverflow(by: factor)
                if f.overflow { throw TemplateFailure(.limit, "integer overflow in **: the result is beyond the 64-bit integers this engine computes with", at: offset) }
                factor = f.partialValue
            }
        }
        return .int(result)
    }

    func compare(_ op: Expression.CompareOperator, _ a: Value, _ b: Value, at offset: Int) throws(TemplateFailure) -> Bool {
        switch op {
        case .equal: return PythonSemantics.equal(a, b)
        case .notEqual: return !PythonSemantics.equal(a, b)
        case .isIn, .notIn:
            guard let found = PythonSemantics.contains(b, a) else {
                throw .type("argument of type '\(b.typeName)' is not iterable for 'in' with a \(a.typeName)", at: offset)
            }
            return found == (op == .isIn)
        default:
            if let x = PythonTime(a), let y = PythonTime(b), let order = PythonTime.order(x, y) {
                return op == .less ? order < 0 : op == .lessEqual ? order <= 0 : op == .greater ? order > 0 : order >= 0
            }
            guard let order = PythonSemantics.order(a, b) else {
                throw .type("'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'", at: offset)
            }
            switch op {
            case .less: return order < 0
            case .lessEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    /// CPython's float divmod: the remainder from fmod, the quotient from it, so that
    /// `1.0 // 0.1` is 9.0 (0.1 is slightly more than a tenth), as Python prints it.
    static func pythonDivmod(_ x: Double, _ y: Double) -> (quotient: Double, remainder: Double) {
        var remainder = fmod(x, y)
        var quotient = (x - remainder) / y
        if remainder != 0 {
            if (y < 0) != (remainder < 0) {
                remainder += y
                quotient -= 1
            }
        } else {
            remainder = copysign(0, y)
        }
        var floored: Double
        if quotient != 0 {
            floored = quotient.rounded(.down)
            if quotient - floored > 0.5 { floored += 1 }
        } else {
            floored = copysign(0, x / y)
        }
        return (floored, remainder)
    }
}
