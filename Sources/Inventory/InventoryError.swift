import Diagnostics

/// Everything that can be wrong with an inventory, a host pattern or connection variables,
/// worded in one place. Each case becomes a `Diagnostic` once its location is known.
public enum InventoryError: Error, Sendable, Hashable {
    // INI text
    case unknownSectionType(String)
    case invalidSectionHeader(String)
    case hostVariableWithoutEquals(String)
    case groupVariableWithoutEquals(String)
    case expectedGroupName(String)
    case emptyVariableName
    case unterminatedQuote(Character)
    case danglingBackslash
    // Host names and addresses
    case malformedRange(String, String)
    case rangeTooLarge(String, Int)
    case unsafeHostName(String, String)
    case unsafeConnectionValue(variable: String, value: String, character: String)
    case invalidPort(String)
    case unclosedBracket(String)
    // Structure
    case groupCycle(parent: String, child: String)
    case reservedChildGroup(String)
    case unknownGroupKey(key: String, group: String)
    case groupNotMapping(group: String, found: String)
    case sectionNotMapping(section: String, group: String, found: String)
    case hostVariablesNotMapping(host: String, found: String)
    case hostsListedAsSequence(group: String)
    case topLevelNotMapping(found: String)
    case nonScalarKey(found: String)
    case inventoryPluginUnsupported(String)
    case nestingTooDeep(Int)
    case groupPriorityNotInteger(String)
    // Files
    case sourceMissing(String)
    case unreadable(path: String, reason: String)
    case notUTF8
    case varsFileNotMapping(path: String, found: String)
    // Host patterns
    case emptyPattern
    case emptyPatternComponent(String)
    case nothingAfterOperator(String)
    case invalidRegex(String, String)
    case badSubscript(String)
    case subscriptOutOfRange(String, Int)
    case limitFileMissing(String)
    // Connection variables
    case wrongConnectionType(variable: String, expected: String, found: String)
    case portOutOfRange(variable: String, Int)
    case unsupportedConnection(String)
    case unsupportedBecomeMethod(String)

    public var kind: Diagnostic.Kind {
        switch self {
        case .unknownSectionType, .invalidSectionHeader, .hostVariableWithoutEquals, .groupVariableWithoutEquals,
            .expectedGroupName, .emptyVariableName, .unterminatedQuote, .danglingBackslash, .malformedRange,
            .unsafeHostName, .unsafeConnectionValue, .unclosedBracket:
            return .syntax
        case .rangeTooLarge, .nestingTooDeep: return .limit
        case .invalidPort, .groupNotMapping, .sectionNotMapping, .hostVariablesNotMapping, .hostsListedAsSequence,
            .topLevelNotMapping, .nonScalarKey, .groupPriorityNotInteger, .varsFileNotMapping, .wrongConnectionType,
            .portOutOfRange:
            return .wrongType
        case .groupCycle, .reservedChildGroup: return .conflict
        case .unknownGroupKey: return .unknownKey
        case .inventoryPluginUnsupported: return .other
        case .sourceMissing, .unreadable, .limitFileMissing: return .io
        case .notUTF8: return .encoding
        case .emptyPattern, .emptyPatternComponent, .nothingAfterOperator, .invalidRegex, .badSubscript,
            .subscriptOutOfRange:
            return .pattern
        case .unsupportedConnection, .unsupportedBecomeMethod: return .badChoice
        }
    }

    public var message: String {
        switch self {
        case .unknownSectionType(let suffix): return "unknown section type ':\(suffix)'"
        case .invalidSectionHeader(let line): return "invalid section header '\(line)'"
        case .hostVariableWithoutEquals(let token): return "expected key=value host variable, got '\(token)'"
        case .groupVariableWithoutEquals(let line): return "expected key=value, got '\(line)'"
        case .expectedGroupName(let line): return "expected a group name, got '\(line)'"
        case .emptyVariableName: return "variable name is empty"
        case .unterminatedQuote(let quote): return "missing closing \(quote)"
        case .danglingBackslash: return "backslash at the end of the line escapes nothing"
        case .malformedRange(let name, let reason): return "malformed host range in '\(name)': \(reason)"
        case .rangeTooLarge(let name, let limit): return "host range '\(name)' names more than \(limit) hosts"
        case .unsafeHostName(let name, let character):
            return "host name '\(name)' contains \(character), which is not allowed in a host name"
        case .unsafeConnectionValue(let variable, let value, let character):
            return "\(variable) '\(value)' contains \(character), which is not allowed"
        case .invalidPort(let text): return "port '\(text)' is not an integer between 1 and 65535"
        case .unclosedBracket(let token): return "'[' in '\(token)' is never closed"
        case .groupCycle(let parent, let child):
            return "adding group '\(child)' as a child of '\(parent)' creates a cycle"
        case .reservedChildGroup(let name): return "group '\(name)' cannot be a child group"
        case .unknownGroupKey(let key, let group):
            return "unknown key '\(key)' in group '\(group)'; a group has only 'hosts', 'children' and 'vars'"
        case .groupNotMapping(let group, let found): return "group '\(group)' must be a mapping, found \(found)"
        case .sectionNotMapping(let section, let group, let found):
            return "'\(section)' of group '\(group)' must be a mapping, found \(found)"
        case .hostVariablesNotMapping(let host, let found):
            return "variables of host '\(host)' must be a mapping, found \(found)"
        case .hostsListedAsSequence(let group):
            return "'hosts' of group '\(group)' must be a mapping of host names, found a list"
        case .topLevelNotMapping(let found): return "an inventory must be a mapping of groups, found \(found)"
        case .nonScalarKey(let found): return "a name must be a plain string, found \(found)"
        case .inventoryPluginUnsupported(let plugin): return "inventory plugin '\(plugin)' is not supported"
        case .nestingTooDeep(let limit): return "groups are nested more than \(limit) levels deep"
        case .groupPriorityNotInteger(let text): return "ansible_group_priority must be an integer, got '\(text)'"
        case .sourceMissing(let path): return "inventory source '\(path)' does not exist"
        case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
        case .notUTF8: return "this byte is not valid UTF-8; an inventory must be written in UTF-8"
        case .varsFileNotMapping(let path, let found):
            return "'\(path)' must hold a mapping of variables, found \(found)"
        case .emptyPattern: return "host pattern is empty"
        case .emptyPatternComponent(let pattern): return "host pattern '\(pattern)' has an empty component"
        case .nothingAfterOperator(let op): return "'\(op)' in a host pattern must be followed by a pattern"
        case .invalidRegex(let expression, let reason):
            return "invalid regular expression '\(expression)' in host pattern: \(reason)"
        case .badSubscript(let pattern): return "invalid subscript in host pattern '\(pattern)'"
        case .subscriptOutOfRange(let pattern, let count):
            return "no host matched the subscripted pattern '\(pattern)' (it selects from \(count) hosts)"
        case .limitFileMissing(let path): return "limit file '\(path)' does not exist or is not a file"
        case .wrongConnectionType(let variable, let expected, let found):
            return "\(variable) must be \(expected), found \(found)"
        case .portOutOfRange(let variable, let port): return "\(variable) \(port) is not between 1 and 65535"
        case .unsupportedConnection(let name): return "connection type '\(name)' is not supported"
        case .unsupportedBecomeMethod(let name): return "become method '\(name)' is not supported"
        }
    }

    /// What to do about it, when there is something useful to say.
    public var hint: String? {
        switch self {
        case .unknownSectionType(let suffix):
            return Suggestion.didYouMean(suffix, in: ["vars", "children", "hosts"])
                ?? "a section is [group], [group:vars], [group:children] or [group:hosts]"
        case .invalidSectionHeader: return "group names cannot contain spaces, ':' or ']'"
        case .hostVariableWithoutEquals: return "host variables are written name=value after the host name"
        case .groupVariableWithoutEquals: return "each line of a :vars section is name=value"
        case .unknownGroupKey(let key, _): return Suggestion.didYouMean(key, in: ["hosts", "children", "vars"])
        case .hostsListedAsSequence: return "write each host as a key ending in ':' instead of a '- ' list item"
        case .unsafeHostName, .unsafeConnectionValue:
            return "host and user names reach SSH and the shell; use letters, digits, '.', '-' and '_'"
        case .malformedRange: return "ranges look like [01:20], [1:20:5] or [a:f]"
        case .badSubscript: return "subscripts look like [0], [-1], [1:3] or [:2] (the end is included)"
        case .unsupportedConnection: return Suggestion.didYouMean(connectionName, in: ["ssh", "local"])
        case .unsupportedBecomeMethod: return Suggestion.didYouMean(connectionName, in: ["sudo", "su"])
        default: return nil
        }
    }

    private var connectionName: String {
        switch self {
        case .unsupportedConnection(let name), .unsupportedBecomeMethod(let name): return name
        default: return ""
        }
    }

    public func diagnostic(at mark: Mark?) -> Diagnostic {
        Diagnostic.error(kind, message, at: mark, hint: hint)
    }
}
