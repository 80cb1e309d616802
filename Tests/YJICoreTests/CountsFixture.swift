import Foundation
import Testing
@testable import YJICore

/// Builds a synthetic inspection (cases and judgements) from a counts fixture: for each question, setting and answer,
/// how many cases carry it. The counts come from a published report; the scores are then computed by the engine,
/// so a test that compares them with the report's figures checks the scoring rule, not the fixture.
struct CountsFixture {
    let cases: [CaseRecord]
    let judgements: [Judgement]

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func fixtureText(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    init(_ name: String, framework: Framework, casePrefix: String) throws {
        let table = try CSVTable.parse(try Self.fixtureText(name), file: name)
        // counts[question][setting] = [(answer, count)] in file order
        var counts: [String: [CaseSetting: [(String, Int)]]] = [:]
        for row in table.rows {
            let setting = try #require(CaseSetting.parse(row.fields[1]), "line \(row.line): setting")
            let count = try #require(Int(row.fields[3]), "line \(row.line): count")
            counts[row.fields[0], default: [:]][setting, default: []].append((row.fields[2], count))
        }
        // The first unconditional, all-settings question is answered in every case: it fixes the sample.
        let first = try #require(framework.questions.first { $0.applicability == .always })
        let custody = (counts[first.id]?[.custody] ?? []).reduce(0) { $0 + $1.1 }
        let community = (counts[first.id]?[.community] ?? []).reduce(0) { $0 + $1.1 }
        var cases: [CaseRecord] = []
        for index in 0..<(custody + community) {
            let inCustody = index < custody
            cases.append(CaseRecord(
                id: String(format: "%@-%03d", casePrefix, index + 1), age: 14 + index % 4,
                gender: index % 5 == 0 ? .female : .male, ethnicity: index % 3 == 0 ? .black : .white,
                disposal: inCustody ? .detentionAndTrainingOrder : (index % 2 == 0 ? .youthRehabilitationOrder : .referralOrder),
                setting: inCustody ? .custody : .community, status: index % 4 == 0 ? .terminated : .current,
                riskOfHarm: index % 6 == 0 ? .high : .medium, vulnerability: index % 7 == 0 ? .high : .medium,
                lookedAfter: index % 8 == 0
            ))
        }
        let engine = ScoringEngine(framework: framework)
        var answers: [String: [String: Answer]] = [:]
        var judgements: [Judgement] = []
        for question in framework.questionsInDependencyOrder {
            for setting in CaseSetting.allCases {
                let eligible = cases.filter {
                    $0.setting == setting
                        && engine.applicability(of: question, in: $0, answers: answers[$0.id] ?? [:]) == .applies
                }
                let rows = counts[question.id]?[setting] ?? []
                let total = rows.reduce(0) { $0 + $1.1 }
                guard total == eligible.count else {
                    throw Mismatch(description: "\(name): \(question.id) \(setting.rawValue): counts sum to \(total), but \(eligible.count) cases are eligible")
                }
                var next = eligible.makeIterator()
                for (answerText, count) in rows {
                    let answer = try #require(Answer.parse(answerText, for: question), "\(question.id): \(answerText)")
                    for _ in 0..<count {
                        let record = next.next()!
                        answers[record.id, default: [:]][question.id] = answer
                        judgements.append(Judgement(caseID: record.id, questionID: question.id, answer: answer,
                                                    assessor: "Fixture Assessor", note: "synthetic"))
                    }
                }
            }
        }
        self.cases = cases
        self.judgements = judgements
    }
}
