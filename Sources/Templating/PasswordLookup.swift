#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

/// Ansible's `password` lookup: the password stored in a file on the controller, created with
/// a random one the first time (directories 0700, file 0600, the text and a line break), so
/// that later runs reuse it. `/dev/null` gives a new password each time and stores nothing.
/// With `seed=` the password is Python's seeded `random.choice` over the characters, as in Ansible.
enum PasswordLookup {
    static let validParameters: Set<String> = ["length", "encrypt", "chars", "ident", "seed"]

    static func run(_ call: LookupCall) throws(TemplateFailure) -> [Value] {
        var results: [Value] = []
        for term in call.terms {
            let (relativePath, parameters) = try parse(term.pythonString, keywords: call.keywords, call: call)
            let path = relativePath.hasPrefix("/")
                ? relativePath : ControllerFiles.join(call.variable("playbook_dir") ?? ".", relativePath)
            let length = try parameters["length"].map { (value) throws(TemplateFailure) -> Int in
                guard let number = Interpreter.integerIndex(value) ?? Int(value.pythonString) else {
                    throw call.fail("length must be a number, not '\(value.pythonString)'")
                }
                return number
            } ?? 20
            guard length >= 0, length <= 1_000_000 else { throw call.fail("length must be between 0 and 1000000") }
            let characters = candidateCharacters(parameters["chars"])
            guard !characters.isEmpty else { throw call.fail("no characters to choose a password from") }
            let encrypt = parameters["encrypt"].flatMap { $0.isNull ? nil : $0.pythonString }
            var stored: (password: String, salt: String?)?
            if path != "/dev/null", case .text(let text) = ControllerFiles.read(path) {
                stored = parseContent(PythonStrings.strip(text, characters: nil, leading: false))
            }
            var changed = stored == nil
            var password = stored?.password ?? ""
            if stored == nil {
                var generator = parameters["seed"].flatMap { $0.isNull ? nil : PythonRandom(seed: $0) } ?? PythonRandom()
                password = String((0..<length).map { _ in characters[generator.below(characters.count)] })
            }
            var salt = stored?.salt
            if encrypt != nil, salt == nil {
                salt = randomSalt()
                changed = true
            }
            if changed, path != "/dev/null" {
                let content = salt.map { "\(password) salt=\($0)" } ?? password
                try store(content + "\n", at: path, call: call)
            }
            if let encrypt {
                results.append(.string(try encrypted(password, scheme: encrypt, salt: salt ?? randomSalt(), call: call)))
            } else {
                results.append(.string(password))
            }
        }
        return results
    }

    /// `path key=value…`: the first word is the path (more words without `=` belong to it).
    private static func parse(_ term: String, keywords: ValueDict, call: LookupCall) throws(TemplateFailure)
        -> (String, ValueDict)
    {
        var parameters = ValueDict()
        var pathWords: [Substring] = []
        for (index, word) in term.split(separator: " ").enumerated() {
            if index > 0, let equals = word.firstIndex(of: "=") {
                parameters[String(word[..<equals])] = .string(String(word[word.index(after: equals)...]))
            } else if parameters.isEmpty {
                pathWords.append(word)
            } else {
                throw call.fail("Unrecognized value after key=value parameters given to password lookup")
            }
        }
        for (key, value) in keywords where parameters[key] == nil { parameters[key] = value }
        let unknown = parameters.keys.filter { !validParameters.contains($0) && $0 != "errors" && $0 != "wantlist" }
        guard unknown.isEmpty else {
            throw call.fail("Unrecognized parameter(s) given to password lookup: \(unknown.joined(separator: ", "))")
        }
        return (pathWords.joined(separator: " "), parameters)
    }

    /// Names of Python's `string` constants, or literal characters; `,,` stands for a comma.
    private static func candidateCharacters(_ spec: Value?) -> [Character] {
        var names: [String]
        switch spec {
        case .list(let items)?: names = items.map(\.pythonString)
        case .string(let text)?:
            names = text.contains(",,") ? [","] : []
            names += PythonStrings.replace(text, ",,", ",").split(separator: ",").map(String.init)
        default: names = ["ascii_letters", "digits", ".,:-_"]
        }
        let lower = "abcdefghijklmnopqrstuvwxyz"
        let upper = lower.uppercased()
        let digits = "0123456789"
        let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
        let whitespace = " \t\n\r\u{0B}\u{0C}"
        let constants = [
            "ascii_letters": lower + upper, "ascii_lowercase": lower, "ascii_uppercase": upper, "digits": digits,
            "hexdigits": digits + "abcdefABCDEF", "octdigits": "01234567", "punctuation": punctuation,
            "whitespace": whitespace, "printable": digits + lower + upper + punctuation + whitespace,
            "letters": lower + upper, "lowercase": lower, "uppercase": upper,
        ]
        return Array(names.map { constants[$0] ?? $0 }.joined().filter { $0 != "\"" && $0 != "'" })
    }

    /// `password salt=xyz` as Ansible stores it when `encrypt` asked for a salt.
    private static func parseContent(_ content: String) -> (password: String, salt: String?) {
        guard let range = PythonStrings.lastRange(of: " salt=", in: Substring(content)) else { return (content, nil) }
        var salt = String(content[range.upperBound...])
        if let ident = PythonStrings.lastRange(of: " ident=", in: Substring(salt)) { salt = String(salt[..<ident.lowerBound]) }
        return (String(content[..<range.lowerBound]), salt.isEmpty ? nil : salt)
    }

    private static func randomSalt() -> String {
        let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = PythonRandom()
        return String((0..<16).map { _ in alphabet[generator.below(alphabet.count)] })
    }

    private static func encrypted(_ password: String, scheme: String, salt: String, call: LookupCall)
        throws(TemplateFailure) -> String
    {
        switch scheme {
        case "sha512_crypt": return SHACrypt.hash(password: Array(password.utf8), salt: salt, rounds: nil, sha512: true)
        case "sha256_crypt": return SHACrypt.hash(password: Array(password.utf8), salt: salt, rounds: nil, sha512: false)
        default: throw call.fail("encrypt=\(scheme) is not supported; use sha512_crypt or sha256_crypt")
        }
    }

    private static func store(_ content: String, at path: String, call: LookupCall) throws(TemplateFailure) {
        var directory = ""
        for component in ControllerFiles.directory(of: path).split(separator: "/") {
            directory += directory.isEmpty && !path.hasPrefix("/") ? String(component) : "/" + component
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                throw call.fail("could not create the directory '\(directory)' (errno \(errno))")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw call.fail("could not write '\(path)' (errno \(errno))") }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array(content.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw call.fail("could not write '\(path)' (errno \(errno))")
        }
    }
}
