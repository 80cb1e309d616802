// libFuzzer entry point for yji's file readers. Built only by Tests/fuzz/run.sh (swiftc -sanitize=fuzzer), never by
// `swift build`: SwiftPM does not see this folder as a target.
//
// The target is chosen by YJI_FUZZ_TARGET (caseload, cases, judgements, responses, indicators, framework,
// questionnaire). Every input must either be read or be refused with a ProblemList whose every problem names the
// file and says what is wrong; anything else (a trap, an empty or unnamed refusal, another error type, or a file
// that reads but does not read back the same after writing it out) stops the run with a reproducer, as a crash.

import Foundation
import YJICore

/// The reader under test, and the checks each input gets.
enum FuzzTarget: String, CaseIterable {
    case caseload, cases, judgements, responses, indicators, framework, questionnaire

    static let file = "fuzz-input"

    /// Loaded once: judgements are checked against a real framework, responses against a real questionnaire.
    static let cci: Framework = load { try FrameworkCatalog.shipped("cci") }
    static let children: Questionnaire = load { try QuestionnaireCatalog.shipped("children") }

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["YJI_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fail("set YJI_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", ")) (got '\(name)')")
        }
        // Touch the shared fixtures before the first input, so their loading is not charged to it.
        _ = (cci.id, children.id)
        return target
    }()

    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let file = Self.file
        do throws(ProblemList) {
            switch self {
            case .caseload:
                let read = try CaseloadFile.read(data: data, file: file)
                let again = try CaseloadFile.read(CaseloadFile.write(read.entries), file: "rewritten")
                expect(again.entries == read.entries, "caseload entries differ after writing and reading them back")
            case .cases:
                let read = try CaseFile.read(text, file: file)
                let again = try CaseFile.read(CaseFile.write(read), file: "rewritten")
                expect(again == read, "cases differ after writing and reading them back")
            case .judgements:
                let read = try JudgementFile.read(text, file: file, framework: Self.cci)
                let again = try JudgementFile.read(JudgementFile.write(read.judgements), file: "rewritten", framework: Self.cci)
                expect(again.judgements == read.judgements, "judgements differ after writing and reading them back")
            case .responses:
                let read = try QuestionnaireResponseFile.read(text, file: file, questionnaire: Self.children)
                let again = try QuestionnaireResponseFile.read(
                    QuestionnaireResponseFile.write(read, questionnaire: Self.children), file: "rewritten", questionnaire: Self.children)
                expect(again == read, "responses differ after writing and reading them back")
            case .indicators:
                _ = try ContextualIndicatorFile.read(text, file: file)
            case .framework:
                _ = try FrameworkLoader.load(yaml: text, file: file)
            case .questionnaire:
                _ = try QuestionnaireLoader.load(yaml: text, file: file)
            }
        } catch {
            checkRefusal(error)
        }
    }

    /// A refusal must say where and what: at least one problem, each naming this file (never a rewritten copy,
    /// which would mean a value that reads but does not write back), with a subject and a message.
    private func checkRefusal(_ list: ProblemList) {
        expect(!list.problems.isEmpty, "refused with an empty problem list")
        for problem in list.problems {
            expect(problem.file == Self.file, "a file that was read could not be read back after writing it: \(problem)")
            expect(!problem.subject.isEmpty && !problem.message.trimmingCharacters(in: .whitespaces).isEmpty,
                   "a problem without a subject or message: '\(problem)'")
            if let line = problem.line { expect(line >= 1, "a problem on line \(line): \(problem)") }
        }
    }

    private static func load<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { fail("cannot load a shipped fixture: \(error)") }
    }
}

private func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

private func fail(_ message: String) -> Never {
    let target = ProcessInfo.processInfo.environment["YJI_FUZZ_TARGET"] ?? "?"
    FileHandle.standardError.write(Data("yji-fuzz: \(target): \(message)\n".utf8))
    abort()
}

/// libFuzzer's entry point: one input, checked by the selected target; returning means the input was handled well.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.selected.run(data)
    return 0
}
