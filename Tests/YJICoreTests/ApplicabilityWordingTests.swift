import Foundation
import Testing
@testable import YJICore

/// The engine's applicability decisions worded for the person answering: questions by their text, never by id.
@Suite("Applicability in words")
struct ApplicabilityWordingTests {
    static let framework = try! FrameworkCatalog.resolve("cci")
    static let community = CaseRecord(id: "SYN-0001", age: 15, gender: .male, ethnicity: .white, disposal: .youthRehabilitationOrder,
                                      setting: .community, status: .current, riskOfHarm: .medium, vulnerability: .low, lookedAfter: false)

    static func text(_ id: String) -> String { framework.question(id)!.text }

    @Test func anUnmetConditionNamesTheQuestionItDependsOnByText() throws {
        let engine = ScoringEngine(framework: Self.framework)
        let question = try #require(Self.framework.question("rmp-produced"))
        let status = engine.applicability(of: question, in: Self.community, answers: ["rmp-required": .option("not required")])
        guard case .excluded(let exclusion) = status else { Issue.record("rmp-produced should not apply: \(status)"); return }
        let reason = exclusion.reason(for: Self.community, in: Self.framework)
        #expect(reason == "it applies only when the answer to \u{201C}\(Self.text("rmp-required"))\u{201D} is Required; in this case it is Not required")
        #expect(!reason.contains("rmp-required"))
    }

    @Test func aScoringProblemIsWordedWithQuestionTextsAndTheEnginesReason() throws {
        let engine = ScoringEngine(framework: Self.framework)
        let judgements = [
            Judgement(caseID: "SYN-0001", questionID: "roh-screening-done", answer: .no),
            Judgement(caseID: "SYN-0001", questionID: "roh-classification-accurate", answer: .yes),
            Judgement(caseID: "SYN-0001", questionID: "custody-plan-produced", answer: .yes),
        ]
        var problems: [ScoringProblem] = []
        do throws(ScoringProblems) {
            _ = try engine.scorecard(cases: [Self.community], judgements: judgements)
        } catch {
            problems = error.problems
        }
        let words = problems.map { engine.wording(of: $0, cases: [Self.community], judgements: judgements) }
        #expect(words.count == 2)
        #expect(words.contains(
            "\u{201C}\(Self.text("roh-classification-accurate"))\u{201D} cannot be answered in case SYN-0001: it applies only when the answer to "
                + "\u{201C}\(Self.text("roh-screening-done"))\u{201D} is Yes; in this case it is No"))
        #expect(words.contains(
            "\u{201C}\(Self.text("custody-plan-produced"))\u{201D} cannot be answered in case SYN-0001: it is asked in custody cases only, "
                + "and this is a community case"))
        #expect(words.allSatisfy { !$0.contains("roh-screening-done") && !$0.contains("custody-plan-produced") })
    }

    @Test func aQuestionWaitingForAnAnswerIsRefusedUntilThatAnswerIsGiven() {
        let engine = ScoringEngine(framework: Self.framework)
        #expect(engine.refusal(of: "rmp-timely", in: Self.community, answers: [:])
            == "\u{201C}\(Self.text("rmp-timely"))\u{201D} cannot be answered in case SYN-0001 until \u{201C}\(Self.text("rmp-produced"))\u{201D} is answered")
        #expect(engine.refusal(of: "rmp-timely", in: Self.community, answers: ["rmp-required": .option("required"), "rmp-produced": .yes]) == nil)
    }

    @Test func theClosingQuestionIsFoundThroughAChainOfDependencies() {
        let engine = ScoringEngine(framework: Self.framework)
        #expect(engine.closingQuestion(of: "rmp-timely", changed: ["rmp-required"]) == "rmp-required")
        #expect(engine.closingQuestion(of: "rmp-timely", changed: ["rmp-produced"]) == "rmp-produced")
        #expect(engine.closingQuestion(of: "rmp-timely", changed: ["roh-screening-done"]) == nil)
        #expect(engine.closingQuestion(of: "roh-screening-done", changed: ["roh-screening-done"]) == nil)
    }

    @Test func answersAndListsReadAsTheFormWritesThem() {
        #expect(Answer.notApplicable.label == "Not applicable")
        #expect(Answer.option("very high").label == "Very high")
        #expect(Self.framework.quotedTexts(of: ["rmp-timely", "rmp-quality", "rmp-oversight"])
            == "\u{201C}\(Self.text("rmp-timely"))\u{201D}, \u{201C}\(Self.text("rmp-quality"))\u{201D} and \u{201C}\(Self.text("rmp-oversight"))\u{201D}")
        #expect(Self.framework.quotedText(of: "no-such-question") == "no-such-question")
    }
}
