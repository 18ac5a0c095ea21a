/// Sequential task splits for continual learning: the classes are cut into `tasks` consecutive groups
/// (with 10 classes and 5 tasks: {0,1}, {2,3}, …; optionally in a seeded random class order), and a
/// client's samples are grouped by the task of their class. Every sample lands in exactly one task.
package struct TaskSplit: Sendable, Equatable {
    /// The classes of each task, in task order.
    package let classesPerTask: [[Int]]

    package init(classes: Int, tasks: Int, shuffleSeed: UInt64? = nil) throws(LearningError) {
        guard tasks >= 1, tasks <= classes else {
            throw LearningError(
                .invalidSetting, "\(tasks) tasks over \(classes) classes: use between 1 and \(classes) tasks")
        }
        var order = Array(0..<classes)
        if let shuffleSeed {
            var rng = Xoshiro(seed: shuffleSeed)
            order.shuffle(using: &rng)
        }
        classesPerTask = (0..<tasks).map { t in Array(order[(t * classes / tasks)..<((t + 1) * classes / tasks)]) }
    }

    /// `indices` (a client's samples of a dataset with `labels`) grouped by task, order kept within a task.
    package func split(_ indices: [Int], labels: [Int32]) -> [[Int]] {
        var taskOf = [Int](repeating: 0, count: classesPerTask.reduce(0) { $0 + $1.count })
        for (t, group) in classesPerTask.enumerated() { for c in group { taskOf[c] = t } }
        var result = [[Int]](repeating: [], count: classesPerTask.count)
        for i in indices { result[taskOf[Int(labels[i])]].append(i) }
        return result
    }
}
