import Testing


/// Checks that replacing `variant.original` in `valid` makes `problems` report `variant.expected` (with its line), so
/// each reader's tests list only their variants.
func expectRejected(_ variant: (String, String, String, String), valid: String, problems: (String) -> [String],
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let (name, original, replacement, expected) = variant
    #expect(valid.contains(original), "\(name): fixture text not found", sourceLocation: sourceLocation)
    let found = problems(valid.replacingOccurrences(of: original, with: replacement))
    #expect(found.contains(expected), "\(name): got \(found)", sourceLocation: sourceLocation)
}
