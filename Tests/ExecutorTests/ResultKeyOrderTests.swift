import Testing
import Values

@testable import Executor

/// The order of a result's keys where no golden reaches: modules without a known shape, a
/// failure told by `rc` alone, the loop's fold and what `register:` drops.
@Suite struct ResultKeyOrderTests {
    @Test func anUnknownModuleKeepsItsOrderAndTheControllerKeysFollow() {
        let values: ValueDict = ["changed": true, "failed": false, "name": "x", "state": "present"]
        let arranged = ResultKeyOrder.arranged(values, module: "some_module", attempt: 2)
        #expect(arranged.keys == ["changed", "name", "state", "failed", "attempts"])
        #expect(arranged["failed"] == .bool(false))
        #expect(arranged["attempts"] == .int(2))
    }

    @Test func aNonZeroRcWithoutFailedIsAFailure() {
        let arranged = ResultKeyOrder.arranged(["rc": 2, "out": "x"], module: "some_module", attempt: nil)
        #expect(arranged.keys == ["rc", "out", "failed", "changed"])
        #expect(arranged["failed"] == .bool(true))
        #expect(arranged["changed"] == .bool(false))
        let zero = ResultKeyOrder.arranged(["rc": "0"], module: "some_module", attempt: nil)
        #expect(zero["failed"] == .bool(false))
    }

    @Test func aModuleThatFailedWithAMessageAloneHasFailedAndMsgFirst() {
        let values: ValueDict = ["changed": false, "failed": true, "msg": "no such file"]
        #expect(ResultKeyOrder.arranged(values, module: "unarchive", attempt: nil).keys == ["failed", "msg", "changed"])
    }

    @Test func failedWhenResultComesLast() {
        let values: ValueDict = ["failed_when_result": false, "changed": true, "stdout": "", "rc": 0]
        let arranged = ResultKeyOrder.arranged(values, module: "command", attempt: 1)
        #expect(arranged.keys == ["changed", "stdout", "rc", "failed", "attempts", "failed_when_result"])
    }

    @Test func theLoopFoldNamesFailedOnlyWhenAnItemFailed() {
        let ok: ValueDict = ["changed": false, "item": 1]
        let changed: ValueDict = ["changed": true, "item": 2]
        let failed: ValueDict = ["changed": false, "failed": true, "item": 3]
        #expect(ResultKeyOrder.loopResult([ok, changed], unreachableMessage: nil).keys
            == ["results", "skipped", "changed", "msg"])
        let folded = ResultKeyOrder.loopResult([failed, changed], unreachableMessage: nil)
        #expect(folded.keys == ["results", "skipped", "failed", "msg", "changed"])
        #expect(folded["msg"] == .string("One or more items failed"))
        let skipped: ValueDict = ["changed": false, "skipped": true]
        let allSkipped = ResultKeyOrder.loopResult([skipped], unreachableMessage: nil)
        #expect(allSkipped.keys == ["results", "skipped", "msg", "changed"])
        #expect(allSkipped["msg"] == .string("All items skipped"))
    }

    @Test func registerDropsInternalKeysInItemsToo() {
        let item: ValueDict = ["msg": "x", "_ansible_verbose_always": true]
        let values: ValueDict = ["results": .list([.dict(item)]), "_ansible_no_log": false, "changed": false]
        let kept = ResultKeyOrder.registered(values)
        #expect(kept.keys == ["results", "changed"])
        #expect(kept["results"] == .list([.dict(["msg": "x"])]))
    }

    /// ansible-core's register drops the task's own `invocation`; a loop item keeps its.
    @Test func registerDropsTheInvocationButNotAnItemsInvocation() {
        let invocation: Value = ["module_args": ["data": "pong"]]
        let item: ValueDict = ["ping": "pong", "invocation": invocation, "item": 1]
        let values: ValueDict = ["ping": "pong", "invocation": invocation, "changed": false]
        #expect(ResultKeyOrder.registered(values).keys == ["ping", "changed"])
        let loop: ValueDict = ["results": .list([.dict(item)]), "changed": false]
        #expect(ResultKeyOrder.registered(loop)["results"] == .list([.dict(item)]))
    }

    /// The module adds `invocation` after its own keys; what the controller adds comes after it.
    @Test func theInvocationFollowsTheModulesKeys() {
        let invocation: Value = ["module_args": [:]]
        let command: ValueDict = [
            "changed": true, "stdout": "hi", "stderr": "", "rc": 0, "stdout_lines": ["hi"], "stderr_lines": [],
            "invocation": invocation,
        ]
        #expect(ResultKeyOrder.arranged(command, module: "command", attempt: nil).keys
            == ["changed", "stdout", "stderr", "rc", "invocation", "stdout_lines", "stderr_lines", "failed"])
        let unchangedCopy: ValueDict = [
            "changed": false, "path": "/f", "checksum": "c", "dest": "/f", "invocation": invocation, "mode": "0644",
        ]
        #expect(ResultKeyOrder.arranged(unchangedCopy, module: "copy", attempt: nil).keys
            == ["path", "changed", "mode", "invocation", "checksum", "dest", "failed"])
        let other: ValueDict = ["invocation": invocation, "changed": false, "name": "x"]
        #expect(ResultKeyOrder.arranged(other, module: "some_module", attempt: nil).keys
            == ["changed", "name", "invocation", "failed"])
        let failure: ValueDict = ["changed": false, "failed": true, "msg": "no", "invocation": invocation]
        #expect(ResultKeyOrder.arranged(failure, module: "unarchive", attempt: nil).keys
            == ["failed", "msg", "invocation", "changed"])
    }
}
