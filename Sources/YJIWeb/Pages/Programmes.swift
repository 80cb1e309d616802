import YJICore

/// The programmes yji ships a framework for, as the calendar and the dashboard offer them.
enum Programmes {
    /// Each programme by its id in the store ("cci") and its name.
    /// Read once: the shipped frameworks are part of the program, and parsing them cost the dashboard a third of its time.
    static let shipped: [(id: String, name: String)] = FrameworkCatalog.shippedIDs.compactMap { id in
        guard let framework = try? FrameworkCatalog.shipped(id) else { return nil }
        return (framework.programme, framework.programme.uppercased())
    }
}
