#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the console shows a run.
public struct ConsoleOptions: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable, CaseIterable {
        /// Ansible's default callback, byte for byte.
        case `default`
        /// One line per host and task: `h1 | CHANGED | Install nginx | 1.2s`.
        case compact
        /// Nothing during the run; the whole report as JSON (`ansible.posix.json` shape) at the end.
        case json
    }

    /// `-v` count: 1 adds result JSON to ok/changed lines, 2 task paths, 3 pretty-printed results.
    public var verbosity: Int
    /// `--diff`: show what changed before each changed result.
    public var showDiff: Bool
    public var color: Bool
    public var style: Style
    public var showSkipped: Bool
    public var showOk: Bool
    /// Standard output is a terminal: enables the live "waiting on" line.
    public var isTTY: Bool
    public var checkMode: Bool
    /// Mark banners with `[CHECK MODE]` and print `DRY RUN` (Ansible's `check_mode_markers`, off
    /// by default there too).
    public var checkModeMarkers: Bool
    /// Banner width: `PLAY [x] ***` lines end at this column plus one. Ansible uses
    /// `max(79, terminal width - 1)`.
    public var columns: Int

    public init(
        verbosity: Int = 0, showDiff: Bool = false, color: Bool = false, style: Style = .default,
        showSkipped: Bool = true, showOk: Bool = true, isTTY: Bool = false, checkMode: Bool = false,
        checkModeMarkers: Bool = false, columns: Int = 79
    ) {
        self.verbosity = verbosity
        self.showDiff = showDiff
        self.color = color
        self.style = style
        self.showSkipped = showSkipped
        self.showOk = showOk
        self.isTTY = isTTY
        self.checkMode = checkMode
        self.checkModeMarkers = checkModeMarkers
        self.columns = max(1, columns)
    }

    /// Options for writing to `descriptor`: colour when it is a terminal and `NO_COLOR` is unset
    /// (`ANSIBLE_NOCOLOR` and `ANSIBLE_FORCE_COLOR` are honoured as well, for people moving over),
    /// banners as wide as the terminal.
    public static func detect(
        descriptor: Int32 = 1, environment: (String) -> String? = ConsoleOptions.environmentValue
    ) -> ConsoleOptions {
        let tty = isatty(descriptor) == 1
        var color = tty
        if let value = environment("NO_COLOR"), !value.isEmpty { color = false }
        if isTrue(environment("ANSIBLE_NOCOLOR")) { color = false }
        if isTrue(environment("ANSIBLE_FORCE_COLOR")) { color = true }
        return ConsoleOptions(color: color, isTTY: tty, columns: tty ? terminalColumns(descriptor) : 79)
    }

    public static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `max(79, width - 1)` for a terminal of `width` columns, as Ansible sizes its banners.
    public static func terminalColumns(_ descriptor: Int32) -> Int {
        var size = winsize()
        #if canImport(Glibc)
            let request = UInt(TIOCGWINSZ)
        #else
            let request = TIOCGWINSZ
        #endif
        guard ioctl(descriptor, request, &size) == 0 else { return 79 }
        return max(79, Int(size.ws_col) - 1)
    }

    private static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on", "y", "t"].contains(value.lowercased())
    }
}
