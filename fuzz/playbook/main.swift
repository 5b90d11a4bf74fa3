// libFuzzer harness: YAML text through the loader and the playbook model. The input is loaded
// as one document and as a stream, then written to a scratch directory and loaded as a playbook
// (which validates plays, tasks, module arguments and templates, and resolves imports relative
// to that directory, where nothing else exists).
//
// Beyond "no crash": `YAMLEmitter` promises that emitting a value and loading it again gives
// the same value (`to_yaml` relies on it), so every loaded document is round-tripped.
import Diagnostics
import PlaybookModel
import Values
import YAML

#if canImport(Glibc)
    import Glibc
#endif

/// One scratch directory per fuzzing process, removed when it exits.
let scratchDirectory: String = {
    var template = Array("/tmp/playbook-fuzz-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("mkdtemp: \(String(cString: strerror(errno)))") }
    let directory = String(cString: made)
    atexit { removeScratch() }
    return directory
}()
let playbookPath = scratchDirectory + "/site.yml"

func removeScratch() {
    unlink(playbookPath)
    rmdir(scratchDirectory)
}

/// Round trips of documents bigger than this (aliases can make a small input large) only slow
/// the search down; the emitter's correctness does not depend on size.
let maximumRoundTripNodes = 20_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlaybook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    onHostSizedStack {
        if let root = try? YAMLLoader.load(bytes: bytes, file: "fuzz.yml") {
            checkRoundTrip(root.toValue())
        }
        _ = try? YAMLLoader.loadAll(String(decoding: bytes, as: UTF8.self), file: "fuzz.yml")
        guard write(bytes, to: playbookPath) else { fatalError("cannot write \(playbookPath)") }
        _ = try? PlaybookLoader.load(path: playbookPath)
    }
    return 0
}

func checkRoundTrip(_ value: Value) {
    guard nodeCount(value, limit: maximumRoundTripNodes) <= maximumRoundTripNodes else { return }
    for flow in [false, true, nil] as [Bool?] {
        let text = YAMLEmitter.emit(value, flow: flow)
        let reloaded: Value
        do {
            reloaded = try YAMLLoader.load(text, file: "emitted.yml")?.toValue() ?? .null
        } catch {
            fatalError("emitted YAML (flow: \(String(describing: flow))) does not load: \(error)\n\(text)")
        }
        if !sameValue(reloaded, value) {
            fatalError("emitted YAML (flow: \(String(describing: flow))) loads as another value:\n\(text)")
        }
    }
}

func nodeCount(_ value: Value, limit: Int) -> Int {
    var count = 0
    var pending = [value]
    while let next = pending.popLast(), count <= limit {
        count += 1
        switch next {
        case .list(let items): pending += items
        case .dict(let dict): pending += dict.map(\.value)
        default: break
        }
    }
    return count
}

/// Equality that treats NaN as equal to itself: the emitter writes `.nan` and must read it back.
func sameValue(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)):
        return x == y || (x.isNaN && y.isNaN)
    case (.list(let xs), .list(let ys)):
        return xs.count == ys.count && zip(xs, ys).allSatisfy { sameValue($0, $1) }
    case (.dict(let xs), .dict(let ys)):
        guard xs.count == ys.count else { return false }
        for (key, x) in xs {
            guard let y = ys[key], sameValue(x, y) else { return false }
        }
        return true
    default:
        return a == b
    }
}

func write(_ bytes: [UInt8], to path: String) -> Bool {
    guard let file = fopen(path, "wb") else { return false }
    defer { fclose(file) }
    return bytes.isEmpty || fwrite(bytes, 1, bytes.count, file) == bytes.count
}
