import Testing
import Values

@testable import Reporting

@Suite struct InternalKeysTests {
    private func parse(_ json: String) throws -> ValueDict {
        guard case .dict(let dict) = try JSON.parse(bytes: Array(json.utf8)) else {
            Issue.record("not an object: \(json)")
            return ValueDict()
        }
        return dict
    }

    private func text(_ dict: ValueDict) -> String {
        JSON.serialize(.dict(dict), sortKeys: false, ensureASCII: false)
    }

    /// Internal keys go at every depth, in dicts within lists too; every other key stays where
    /// it was, and a kept internal key stays.
    @Test func internalKeysGoAtEveryDepthAndTheRestKeepsItsOrder() throws {
        let result = try parse(
            """
            {"z": 1, "_ansible_no_log": false, "a": {"b": [1, {"_ansible_item_label": "x", "c": 2}, {"d": 3}],
             "_ansible_parsed": true, "e": "f"}, "_ansible_verbose_always": true, "y": [{"g": {"_ansible_x": 1}}]}
            """)
        let stripped = ResultView.stripInternalKeys(result, keeping: ["_ansible_verbose_always"])
        #expect(
            text(stripped)
                == #"{"z": 1, "a": {"b": [1, {"c": 2}, {"d": 3}], "e": "f"}, "_ansible_verbose_always": true, "y": [{"g": {}}]}"#
        )
        #expect(text(ResultView.stripInternalKeys(result, keeping: [])).contains("_ansible") == false)
    }

    /// A result with nothing internal comes back equal, whatever its shape.
    @Test func aResultWithNothingInternalComesBackEqual() throws {
        let facts = try parse(
            """
            {"ansible_facts": {"ansible_lo": {"ipv4": {"address": "127.0.0.1"}, "mtu": 65536},
             "ansible_interfaces": ["lo", "eth0"], "ansible_mounts": [{"mount": "/", "options": "rw"}]},
             "changed": false, "_ansible": "not a prefix match", "ansible_x": null}
            """)
        #expect(ResultView.stripInternalKeys(facts, keeping: []) == facts)
        #expect(text(ResultView.stripInternalKeys(facts, keeping: [])) == text(facts))
    }
}
