import Diagnostics
import Values

/// The `-i "web1,web2:2222,"` form: a comma-separated list of hosts (ranges allowed), all in
/// `ungrouped`. A trailing comma is how Ansible users mark a single host as a list.
enum HostListSource {
    static func parse(_ list: String, into builder: inout InventoryBuilder) {
        var column = 1
        for piece in list.split(separator: ",", omittingEmptySubsequences: false) {
            defer { column += piece.count + 1 }
            let leading = piece.prefix { $0 == " " || $0 == "\t" }.count
            let token = piece.trimmingBlanks()
            if token.isEmpty { continue }
            let at = { (column: Int) in Mark(file: "<host list>", line: 1, column: column) }
            guard
                let expansion = HostLineExpansion.expand(
                    token, column: column + leading, report: { error, column in builder.report(error, at: at(column)) })
            else { continue }
            for host in expansion.hosts {
                builder.addHost(host, to: Group.ungrouped, at: at(column + leading))
                if let port = expansion.port { builder.setHostVariables(ValueDict([("ansible_port", .int(port))]), host: host) }
            }
        }
    }
}
