import Foundation

/// The frameworks shipped with yji as package resources, and lookup by id or file path.
public enum FrameworkCatalog {
    /// Ids of the shipped frameworks: Core Case Inspection, Short Quality Screening, Full Joint Inspection.
    public static let shippedIDs = ["cci", "sqs", "fji"]

    /// The file of a shipped framework.
    public static func url(of id: String) -> URL? {
        Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Frameworks")
    }

    /// Loads a shipped framework by id.
    public static func shipped(_ id: String) throws(ProblemList) -> Framework {
        guard let url = url(of: id) else {
            let known = shippedIDs.joined(separator: ", ")
            throw ProblemList([Problem(file: id, line: nil, subject: "framework", message: "no shipped framework has this id (shipped: \(known))")])
        }
        return try FrameworkLoader.load(contentsOf: url)
    }

    /// Loads a framework named by a shipped id ("cci") or by the path of a YAML file.
    public static func resolve(_ idOrPath: String) throws(ProblemList) -> Framework {
        try resolveWithSource(idOrPath).framework
    }

    /// Loads a framework by id or path together with its YAML text, so a store can keep the exact definition an
    /// inspection was judged against.
    public static func resolveWithSource(_ idOrPath: String) throws(ProblemList) -> (framework: Framework, yaml: String) {
        let fileURL: URL
        if let shippedURL = url(of: idOrPath) {
            fileURL = shippedURL
        } else {
            fileURL = URL(fileURLWithPath: idOrPath)
            guard FileManager.default.fileExists(atPath: fileURL.path) else {
                let known = shippedIDs.joined(separator: ", ")
                throw ProblemList([Problem(file: idOrPath, line: nil, subject: "framework",
                                           message: "neither a shipped framework id (\(known)) nor an existing file")])
            }
        }
        guard let yaml = try? String(contentsOf: fileURL, encoding: .utf8) else {
            throw ProblemList([Problem(file: fileURL.path, line: nil, subject: "file", message: "cannot be read as UTF-8 text")])
        }
        return (try FrameworkLoader.load(yaml: yaml, file: fileURL.path), yaml)
    }
}
