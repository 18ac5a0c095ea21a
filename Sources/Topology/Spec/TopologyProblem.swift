import Federation

/// Something a topology asks for that its run would refuse, or could do nothing useful with, found
/// from the read settings together (a model and its dataset, a strategy and the clients per round).
/// ``TopologyReader`` turns each into a ``TopologyIssue`` located at `field`. The same value as a
/// strategy's own problems (`SettingProblem` in Federation), so those need no conversion.
package typealias TopologyProblem = SettingProblem
