/// Finds loops in "depends on" links where each element depends on at most one other: a question on the question
/// that decides whether it applies, a milestone on the one it counts from. Both must end somewhere or nothing could
/// ever be answered or scheduled.
enum DependencyCycles {
    /// Each loop once, as the path that closes it ("a", "b", "a"), found by walking from every element in `order`.
    static func cycles(order: [String], next: [String: String]) -> [[String]] {
        var reported: Set<String> = []
        var found: [[String]] = []
        for element in order {
            var path = [element]
            var current = element
            while let following = next[current] {
                if let start = path.firstIndex(of: following) {
                    let cycle = Array(path[start...])
                    if reported.isDisjoint(with: cycle) {
                        reported.formUnion(cycle)
                        found.append(cycle + [following])
                    }
                    break
                }
                path.append(following)
                current = following
            }
        }
        return found
    }
}
