// libFuzzer harness: inventories. The input is inventory text, optionally followed by a NUL
// byte and host patterns one per line. The text is parsed both as INI and as YAML; every
// inventory that loads is asked for each host's groups, variables and connection settings, and
// for each pattern's selection.
//
// Beyond "no crash": a host name that loads must be safe to put on a command line, because
// rejecting metacharacters at parse time is what every later layer relies on.
import Diagnostics
import Inventory

let fallbackPatterns = ["all", "*", "web*", "~^db", "all:!web", "web:&prod", "web[0]", "web[1:]", "ungrouped"]
/// Enough to reach every code path of a selection without letting one input run for seconds.
let maximumPatterns = 32
let maximumHostsInspected = 64

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0)
    let text = String(decoding: bytes[..<(split ?? bytes.endIndex)], as: UTF8.self)
    var patterns = fallbackPatterns
    if let split {
        patterns = String(decoding: bytes[(split + 1)...], as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).prefix(maximumPatterns).map(String.init)
    }
    let selected = patterns
    onHostSizedStack {
        for (file, format) in [("hosts.ini", Inventory.SourceFormat.ini), ("hosts.yml", .yaml)] {
            guard let inventory = try? Inventory.parse(text, file: file, format: format) else { continue }
            inspect(inventory, patterns: selected)
        }
    }
    return 0
}

func inspect(_ inventory: Inventory, patterns: [String]) {
    for host in inventory.hosts.prefix(maximumHostsInspected) {
        if let unsafe = ShellSafety.firstUnsafeCharacter(in: host.name) {
            fatalError("host name \(host.name.debugDescription) was accepted with \(unsafe.description)")
        }
        _ = inventory.groupNames(of: host.name)
        let variables = inventory.variables(for: host.name)
        _ = try? ConnectionSettings(vars: variables, inventoryHostname: host.name, mark: host.mark)
    }
    _ = inventory.sortedGroupNames()
    for pattern in patterns {
        guard let selected = try? inventory.select(pattern) else { continue }
        // `--limit` reads `@file` components from disk; fuzzed inputs stay off the file system.
        if !pattern.contains("@") {
            _ = try? inventory.restrict(selected, limit: pattern)
        }
    }
}
