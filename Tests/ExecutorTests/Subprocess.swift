import TestSupport

/// The spawn helper lives in TestSupport, shared with the lab helpers there; this name keeps it
/// reachable from every file of this target, also from those that do not import TestSupport.
typealias Subprocess = TestSupport.Subprocess
