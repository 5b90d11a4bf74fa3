// libFuzzer harness: module-result JSON (`JSON.parse(bytes:)`), the parser every task result
// goes through. Besides never crashing, an accepted document must survive a round trip through
// the serializer unchanged, since results are re-serialized into reports and `to_json`.
import Values

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    onHostSizedStack { checkJSON(bytes) }
    return 0
}

func checkJSON(_ bytes: [UInt8]) {
    guard let value = try? JSON.parse(bytes: bytes) else { return }
    // `1e999` parses to infinity, which serializes as Python's `Infinity`: not JSON, by design.
    guard allFinite(value) else { return }
    for pretty in [false, true] {
        let text = JSON.serialize(value, pretty: pretty)
        let reparsed: Value
        do {
            reparsed = try JSON.parse(text)
        } catch {
            fatalError("serialized JSON does not parse: \(error) in \(text.debugDescription)")
        }
        if !sameJSON(reparsed, value) {
            fatalError("JSON round trip changed the value: \(text.debugDescription)")
        }
    }
}

func allFinite(_ value: Value) -> Bool {
    switch value {
    case .double(let number): return number.isFinite
    case .list(let items): return items.allSatisfy(allFinite)
    case .dict(let dict): return dict.allSatisfy { allFinite($0.value) }
    default: return true
    }
}

/// Equality that treats NaN as equal to itself: a float's identity, not IEEE comparison.
func sameJSON(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)):
        return x == y || (x.isNaN && y.isNaN)
    case (.list(let xs), .list(let ys)):
        return xs.count == ys.count && zip(xs, ys).allSatisfy { sameJSON($0, $1) }
    case (.dict(let xs), .dict(let ys)):
        guard xs.count == ys.count else { return false }
        for (key, x) in xs {
            guard let y = ys[key], sameJSON(x, y) else { return false }
        }
        return true
    default:
        return a == b
    }
}
