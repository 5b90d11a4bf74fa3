import Transport
import Values

/// The one remote program a task runs: the shared helpers, the settings for this run, and the
/// module body.
///
/// User text reaches the program only as single-quoted words (`ShellQuote.quote`), assigned to
/// variables or passed as arguments to generated functions; it is never spliced into code.
public struct ModuleProgram: Sendable {
    public let moduleName: String
    public let body: String
    public let checkMode: Bool
    public let diff: Bool
    /// The line the program prints before its result, unguessable so no output can forge it.
    public let marker: String
    private var settings: [String] = []
    private var functions: [String] = []

    public init(moduleName: String, body: String, checkMode: Bool, diff: Bool, marker: String? = nil) {
        self.moduleName = moduleName
        self.body = body
        self.checkMode = checkMode
        self.diff = diff
        self.marker = marker ?? ModuleProgram.randomMarker()
    }

    public static func randomMarker() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ in
            let digits = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
        return "__PB_RESULT_\(hex)__"
    }

    /// The shell variable an argument becomes: `pb_` and the name, `-` read as `_`.
    public static func variableName(for argument: String) -> String? {
        let name = "pb_" + argument.replacingDashes()
        return ShellQuote.isValidVariableName(name) ? name : nil
    }

    /// Sets `pb_<name>`: strings quoted, booleans `1`/`0`, lists one item per line (so an item
    /// cannot carry a newline), dicts as JSON. `null` leaves the variable unset, which is how a
    /// program tells "absent".
    public mutating func set(_ argument: String, _ value: Value) throws(ModuleProgramError) {
        guard let variable = ModuleProgram.variableName(for: argument) else {
            throw .invalidArgumentName(argument)
        }
        guard let text = try ModuleProgram.shellText(value, argument: argument) else { return }
        settings.append("\(variable)=\(ShellQuote.quote(text))")
    }

    public mutating func set(arguments: ValueDict) throws(ModuleProgramError) {
        for (name, value) in arguments {
            try set(name, value)
        }
    }

    /// A shell function running one command whose words are given here: `.text` parts are quoted,
    /// `.parameter` stands for the function's first argument (`validate: visudo -cf %s`).
    public mutating func defineCommand(_ function: String, words: [[CommandPart]]) throws(ModuleProgramError) {
        var rendered: [String] = []
        for word in words {
            var text = ""
            for part in word {
                switch part {
                case .text(let literal):
                    guard !literal.utf8.contains(0) else { throw .nulByte(argument: function) }
                    text += ShellQuote.quote(literal)
                case .parameter:
                    text += "\"$1\""
                }
            }
            rendered.append(text.isEmpty ? "''" : text)
        }
        guard !rendered.isEmpty else { throw .emptyCommand(function) }
        functions.append("\(function)() { \(rendered.joined(separator: " ")); }")
    }

    /// A mode argument becomes `pb_mode_<name>`, shell arithmetic turning the current mode `$m`
    /// into the requested one; `pb_compute_mode` in lib.sh calls it.
    public mutating func defineMode(_ argument: String, _ mode: FileMode) {
        functions.append("pb_mode_\(argument.replacingDashes())() { \(mode.shellStatements); }")
    }

    /// The opening every rendered program shares: lib.sh. A connection can send it once and
    /// refer to it afterwards (`RunRequest.libraryLength`), even hold it as a shell function:
    /// it is complete shell text, as is every module body (`RunRequest.librariesCanBeFunctions`).
    public static let sharedOpening: String? = ModulePrograms.source(named: "lib").map { $0 + "\n" }

    public func render() throws(ModuleProgramError) -> String {
        try renderForRun().text
    }

    /// The program as `RunRequest` takes it: the shared opening and the module's body are views
    /// of the text every host's run shares; only the run's own lines are new text.
    public func renderForRun() throws(ModuleProgramError) -> ProgramParts {
        guard let opening = ModuleProgram.sharedOpening else { throw .missingProgram("lib") }
        // A brace group, not a subshell: the shell still reads the whole program before running
        // any of it (so no command can read the program text as its stdin), without a fork per
        // task; the program is the shell's last command, so its `exit` and EXIT trap end the
        // same. It opens after the library, which must stay complete text on its own.
        var lines = "{\n"
        lines += "PB_MODULE=\(ShellQuote.quote(moduleName))\n"
        lines += "PB_MARKER=\(ShellQuote.quote(marker))\n"
        lines += "PB_CHECK_MODE=\(checkMode ? 1 : 0)\n"
        lines += "PB_DIFF=\(diff ? 1 : 0)\n"
        for line in settings + functions {
            lines += line
            lines += "\n"
        }
        // The body's commands must never read the program text itself from the shell's stdin.
        return ProgramParts(
            library: Substring(opening), beforeBody: Substring(lines), body: Substring(body),
            afterBody: Substring("\n" + ModuleProgram.closing + "\n"))
    }

    private static let closing = "} </dev/null"

    static func shellText(_ value: Value, argument: String) throws(ModuleProgramError) -> String? {
        let text: String
        switch value {
        case .null: return nil
        case .bool(let b): text = b ? "1" : "0"
        case .int(let i): text = String(i)
        case .double(let d): text = JSON.format(double: d)
        case .string(let s): text = s
        case .dict: text = JSON.serialize(value, ensureASCII: false)
        case .list(let items):
            var lines: [String] = []
            for item in items {
                switch item {
                case .list, .dict: lines.append(JSON.serialize(item, ensureASCII: false))
                default: lines.append(try shellText(item, argument: argument) ?? "")
                }
            }
            text = lines.joined(separator: "\n")
        }
        // A shell variable cannot hold a NUL byte; refusing is better than silently cutting.
        guard !text.utf8.contains(0) else { throw .nulByte(argument: argument) }
        return text
    }
}

/// One piece of a generated command word.
public enum CommandPart: Sendable, Hashable {
    case text(String)
    case parameter
}

public enum ModuleProgramError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidArgumentName(String)
    case nulByte(argument: String)
    case emptyCommand(String)
    case missingProgram(String)
    case invalidMode(argument: String, String)
    case invalidValidate(String)

    public var description: String {
        switch self {
        case .invalidArgumentName(let name):
            return "argument name '\(name)' cannot be passed to a module program (letters, digits, '_' and '-' only)"
        case .nulByte(let argument): return "argument '\(argument)' contains a NUL byte, which cannot be passed to a program"
        case .emptyCommand(let name): return "the command for '\(name)' is empty"
        case .missingProgram(let name): return "the module program '\(name)' is not built into this binary"
        case .invalidMode(let argument, let text): return "argument '\(argument)' is not a valid mode: '\(text)'"
        case .invalidValidate(let message): return message
        }
    }
}

extension String {
    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
