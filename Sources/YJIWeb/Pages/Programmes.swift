import YJICore

/// The programmes yji ships a framework for, as every page that offers a choice of programme names them.
enum Programmes {
    /// Each programme by its id in the store ("cci"), its short name ("CCI") and its framework's name ("Core Case
    /// Inspection of youth offending work").
    /// Read once: the shipped frameworks are part of the program, and parsing them cost the dashboard a third of its time.
    static let shipped: [(id: String, name: String, fullName: String)] = FrameworkCatalog.shippedIDs.compactMap { id in
        guard let framework = try? FrameworkCatalog.shipped(id) else { return nil }
        return (framework.programme, framework.programme.uppercased(), framework.name)
    }
}
