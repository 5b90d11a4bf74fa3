/// Bounds that keep a hostile or runaway template from taking the controller down: they turn
/// an endless or exploding render into an error naming the limit.
public struct TemplateLimits: Sendable, Hashable {
    /// Loop iterations (including `map`/`select` items) per render.
    public var maxLoopIterations: Int
    /// Items `range()` and `product` may build.
    public var maxRange: Int
    /// Characters one render may output.
    public var maxOutput: Int
    /// Seconds one regular-expression match may run: backtracking patterns can take
    /// exponential time, and the text matched often comes from a host.
    public var maxRegexSeconds: Double
    /// Whether the `pipe` and `lines` lookups may run shell commands on the controller, and the
    /// `password` lookup write its file. A playbook's author may; text from elsewhere (a
    /// fuzzer's input, say) must not.
    public var allowsControllerCommands: Bool
    /// SHA-crypt rounds `password_hash` may run, per started 64 bytes of password: each round
    /// hashes the password again, and the spec allows 999,999,999 rounds.
    public var maxHashRounds: Int

    public init(
        maxLoopIterations: Int = 5_000_000, maxRange: Int = 100_000, maxOutput: Int = 256 << 20,
        maxRegexSeconds: Double = 5, allowsControllerCommands: Bool = true, maxHashRounds: Int = 10_000_000
    ) {
        self.maxHashRounds = maxHashRounds
        self.maxLoopIterations = maxLoopIterations
        self.maxRange = maxRange
        self.maxOutput = maxOutput
        self.maxRegexSeconds = maxRegexSeconds
        self.allowsControllerCommands = allowsControllerCommands
    }
}
