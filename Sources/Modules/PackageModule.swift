import Diagnostics
import Transport
import Values

/// `package`: Ansible picks the backend module from the target's `ansible_pkg_mgr`; the only
/// backend here is `apt`, so the arguments (without `use`) are normalised as apt's and apt runs.
/// On a target without apt-get the apt program says so.
public struct PackageModule: Module {
    public let spec = ModuleSpec.package
    let backend = AptModule()

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        var passed = arguments
        passed["use"] = nil
        let normalized: ValueDict
        do throws(DiagnosticList) {
            normalized = try backend.spec.normalize(passed, at: .synthetic("package"))
        } catch {
            return .failure(error.diagnostics.map(\.message).joined(separator: "; "))
        }
        return try backend.run(normalized, context: context, on: connection)
    }
}
