// libFuzzer harness: the Jinja2 engine. The input is used three ways — as an inline string
// (`render`), as a bare condition (`evaluate`) and as a template file (`renderTemplate`) —
// against a small fixed set of variables shaped like a host's. Errors are the expected outcome
// for most inputs; a crash, a hang or runaway memory is a bug.
import Diagnostics
import Templating
import Values

let variables: Value = [
    "inventory_hostname": "web1",
    "count": 3,
    "ratio": 0.5,
    "enabled": true,
    "nothing": nil,
    "name": "nginx",
    "ports": [80, 443],
    "users": [
        ["name": "alice", "uid": 1001, "groups": ["wheel"]],
        ["name": "bob", "uid": 1002, "groups": []],
    ],
    "config": ["listen": 80, "server_name": "example.com", "nested": ["deep": ["deeper": "x"]]],
    "groups": ["all": ["web1", "web2"], "web": ["web1", "web2"]],
    "hostvars": ["web1": ["ansible_host": "10.0.0.1"], "web2": ["ansible_host": "10.0.0.2"]],
    "text": "line one\nline two\n",
]

/// The engine's bounds, lowered so that an input which meets one is refused in well under the
/// fuzzer's timeout even with AddressSanitizer; the code paths are the same at any bound, and the
/// defaults are exercised by the hostile-input tests.
/// Fuzzed text must never run commands on this machine (`lookup('pipe', …)`).
let limits = TemplateLimits(
    maxLoopIterations: 200_000, maxRange: 100_000, maxOutput: 8 << 20, maxRegexSeconds: 1,
    allowsControllerCommands: false, maxHashRounds: 200_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    onHostSizedStack {
        let engine = TemplateEngine(limits: limits)
        let context = TemplateContext(variables)
        let mark = Mark(file: "fuzz.yml", line: 1, column: 1)
        _ = try? engine.render(text, at: mark, context: context)
        _ = try? engine.evaluate(text, at: mark, context: context)
        _ = try? engine.renderTemplate(text, file: "fuzz.j2", context: context)
        _ = engine.checkSyntax(text, at: mark)
    }
    return 0
}
