import Foundation
import Yams

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

extension FrameworkCatalog {
    /// The blocks of a framework file that hold its rules (and what its numbering rests on) rather than its questions.
    static let ruleBlocks = ["ratings", "sampling", "report", "lifecycle", "criterion_numbering"]

    /// Loads a framework definition that a store or an archive kept, as `FrameworkLoader` does; a definition kept
    /// before framework files stated where each rule comes from is read with the rules of the shipped framework of
    /// the same id, and its own questions, criteria and sections.
    ///
    /// Why: an inspection keeps the exact definition it was judged against, so its questions never change under
    /// it; but its rules (rating cut-offs, sampling, drafting, milestones) were unsourced, and a label must never
    /// rest on a rule whose origin yji cannot state. The shipped rules are the same figures with their provenance
    /// (and, where reading the reports corrected a rule, the corrected one). A definition that still fails is
    /// refused with its own problems, not the grafted ones.
    public static func loadKept(yaml: String, file: String) throws(ProblemList) -> Framework {
        let refusal: ProblemList
        do {
            return try FrameworkLoader.load(yaml: yaml, file: file)
        } catch {
            refusal = error
        }
        guard let grafted = withShippedRules(yaml), let framework = try? FrameworkLoader.load(yaml: grafted, file: file) else {
            throw refusal
        }
        return framework
    }

    /// `yaml` with its rule blocks replaced by those of the shipped framework of the same id; nil when the text is
    /// not a framework mapping or no shipped framework has its id.
    static func withShippedRules(_ yaml: String) -> String? {
        guard case .mapping(var kept)? = try? Yams.compose(yaml: yaml),
              let id = kept["id"]?.string, let url = url(of: id),
              let shippedText = try? String(contentsOf: url, encoding: .utf8),
              case .mapping(let shipped)? = try? Yams.compose(yaml: shippedText) else { return nil }
        for block in ruleBlocks {
            kept[Node(block)] = shipped[block]
        }
        return try? Yams.serialize(node: .mapping(kept))
    }
}
