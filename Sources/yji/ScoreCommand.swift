import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji score`: the scorecard of an inspection, from its interchange files or from the store.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score an inspection: from cases.csv and judgements.csv, or a stored inspection (--inspection).",
        discussion: "Bad input is reported as FILE:LINE: field: message (up to 100 problems) with exit code 65; nothing is scored from files with problems."
    )

    @Option(help: "A shipped framework id (cci, sqs, fji) or the path of a framework YAML file.")
    var framework: String?

    @Option(help: "The cases file (cases.csv format).")
    var cases: String?

    @Option(help: "The judgements file (judgements.csv format).")
    var judgements: String?

    @Option(help: "A stored inspection's id, instead of the three files.")
    var inspection: Int?

    @Option(help: "text (the scoring summary table), json or csv.")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func validate() throws {
        let files = [framework, cases, judgements].compactMap { $0 }.count
        if inspection != nil, files > 0 {
            throw ValidationError("give either --inspection or --framework, --cases and --judgements, not both")
        }
        if inspection == nil, files < 3 {
            throw ValidationError("give --framework, --cases and --judgements (or --inspection for a stored inspection)")
        }
    }

    func run() async throws {
        if let inspection {
            let (framework, card) = try await store.withStore { try await $0.scores.scorecard(inspection: inspection) }
            print(try ScoreOutput.render(card, framework: framework, format: format), terminator: "")
            return
        }
        guard let cases, let judgements, let frameworkName = self.framework else { return }
        let framework = try Terminal.framework(frameworkName)
        let card: Scorecard
        do {
            if let casesMapping = Self.readUTF8(cases), let judgementsMapping = Self.readUTF8(judgements) {
                // The mappings must outlive the scoring, which reads their memory through bare pointers.
                card = try withExtendedLifetime((casesMapping, judgementsMapping)) {
                    try InspectionFiles.score(framework: framework, casesUTF8: casesMapping.bytes, casesFile: cases,
                                              judgementsUTF8: judgementsMapping.bytes, judgementsFile: judgements)
                }
            } else {
                // Terminal.readText words every reason a file cannot be read, in the order the files are named.
                card = try InspectionFiles.score(
                    framework: framework, casesText: try Terminal.readText(cases), casesFile: cases,
                    judgementsText: try Terminal.readText(judgements), judgementsFile: judgements)
            }
        } catch let problems as ProblemList {
            Terminal.report(problems)
            throw ExitStatus.dataError
        }
        print(try ScoreOutput.render(card, framework: framework, format: format), terminator: "")
    }
}

extension ScoreCommand {
    /// A file mapped into memory, for the bytes API; nil when it cannot be read, is not UTF-8, or starts with a
    /// byte-order mark, which the text path handles as it always has.
    static func readUTF8(_ path: String) -> MappedFile? {
        guard let file = MappedFile(path: path), !file.bytes.starts(with: [0xEF, 0xBB, 0xBF]), isUTF8(file.bytes) else {
            return nil
        }
        return file
    }

    /// Whether bytes are valid UTF-8; ASCII, the usual case, is checked 32 bytes at a time.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        // Four words a step, kept apart so the steps do not wait on each other.
        var high: UInt64 = 0, high1: UInt64 = 0, high2: UInt64 = 0, high3: UInt64 = 0
        while offset + 32 <= raw.count {
            high |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            high1 |= raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            high2 |= raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
            high3 |= raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
            offset += 32
        }
        high |= high1 | high2 | high3
        while offset < raw.count {
            high |= UInt64(raw[offset])
            offset += 1
        }
        return high & 0x8080_8080_8080_8080 == 0 || String(validating: bytes, as: UTF8.self) != nil
    }
}

/// A regular file mapped read-only into memory: the page cache's own pages, so a 400 MB judgements file is neither
/// copied nor held twice. Like any mapped reader, yji stops with SIGBUS if the file is cut short while it reads.
final class MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>

    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { return nil }
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit {
        if let start = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: start), bytes.count) }
    }
}

/// Renders a scorecard in the chosen format.
enum ScoreOutput {
    static func render(_ card: Scorecard, framework: Framework, format: OutputFormat) throws -> String {
        switch format {
        case .text: return ScorecardTable.render(card, framework: framework)
        case .json: return String(decoding: try ScorecardDocument(card, framework: framework).jsonData(), as: UTF8.self) + "\n"
        case .csv: return ScorecardDocument(card, framework: framework).csv()
        }
    }
}
