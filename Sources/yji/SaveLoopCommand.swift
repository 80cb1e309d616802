import ArgumentParser
import Foundation
import YJICore
import YJIStore

/// `yji save-loop`: saves judgements as fast as it can, printing each acknowledged save. The crash-safety test kills
/// it mid-run and checks that every acknowledged save survived; it is also a quick write-throughput probe.
struct SaveLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save-loop", abstract: "Save judgements in a loop, printing 'ack CASE QUESTION VERSION' after each commit.",
        shouldDisplay: false)

    @Option(help: "Inspection id (its cases must exist).") var inspection: Int
    @Option(help: "Stop after this many saves.") var count: Int = 1_000_000
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.withStore { store in
            let framework = try await store.inspections.framework(of: try await store.inspections.inspection(inspection))
            let cases = try await store.assessment.cases(inspection: inspection)
            // Questions that always apply, so every save is valid whatever else the case holds.
            let questions = framework.questions.filter { $0.isScored && $0.applicability == .always }
            guard !cases.isEmpty, !questions.isEmpty else { throw StoreError.invalid("the inspection needs cases") }
            var versions: [String: Int] = [:]
            for judgement in try await store.assessment.judgements(inspection: inspection) {
                versions["\(judgement.caseID)/\(judgement.questionID)"] = judgement.version
            }
            let output = FileHandle.standardOutput
            for index in 0..<count {
                let record = cases[index % cases.count]
                let question = questions[(index / cases.count) % questions.count]
                let key = "\(record.id)/\(question.id)"
                let edit = JudgementEdit(caseID: record.id, questionID: question.id, answer: index % 3 == 0 ? .no : .yes,
                                         assessor: "Synthetic Assessor", note: "save \(index)", baseVersion: versions[key])
                switch try await store.assessment.saveJudgement(inspection: inspection, edit, actor: self.store.actorName, reason: "save loop") {
                case .saved(let saved):
                    versions[key] = saved.version
                    // Written straight to the file descriptor, after the commit returned: a line here is an acknowledgement.
                    output.write(Data("ack \(saved.caseID) \(saved.questionID) \(saved.version)\n".utf8))
                case .conflict(_, let theirs):
                    versions[key] = theirs?.version
                }
            }
        }
    }
}
