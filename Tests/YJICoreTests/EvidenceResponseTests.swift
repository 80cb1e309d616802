import Foundation
import Testing
@testable import YJICore

/// The problems a throwing read reports, as the FILE:LINE: field: message lines a user sees; empty when it succeeds.
private func reported<T>(_ read: () throws(ProblemList) -> T) -> [String] {
    do {
        _ = try read()
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Suite("Evidence: questionnaire responses")
struct EvidenceResponseTests {
    let children: Questionnaire
    let staff: Questionnaire

    init() throws {
        children = try QuestionnaireCatalog.shipped("children")
        staff = try QuestionnaireCatalog.shipped("staff")
    }

    @Test func everyProblemInAFileIsReportedWithItsLineAndColumn() {
        let text = """
        knew_why,had_plan,plan_reviewed,satisfaction,comment
        yes,yes,yes,8,Good
        maybe,no,,7,
        yes,no,yes,11,
        Yes,Not sure,,ten,"Line one, with a comma
        and line two"
        yes,yes,too_soon,10
        no,no,,05,

        """
        let problems = reported { () throws(ProblemList) in try QuestionnaireResponseFile.read(text, file: "r.csv", questionnaire: children) }
        #expect(problems == [
            "r.csv:3: knew_why: 'maybe' is not one of yes|no",
            "r.csv:4: plan_reviewed: answered, but the question is only asked when had_plan is yes",
            "r.csv:4: satisfaction: '11' is not a whole number from 0 to 10",
            "r.csv:5: satisfaction: 'ten' is not a whole number from 0 to 10",
            "r.csv:7: row: has 4 fields; the header has 5",
            "r.csv:8: satisfaction: '05' is not a whole number from 0 to 10",
        ])
    }

    @Test func unknownAndMissingColumnsAreReportedOnTheHeader() {
        let unknown = reported { () throws(ProblemList) in
            try QuestionnaireResponseFile.read("knew_why,favourite_colour\nyes,blue\n", file: "r.csv", questionnaire: children)
        }
        #expect(unknown.count == 1)
        #expect(unknown.first?.hasPrefix("r.csv:1: favourite_colour: unknown column (expected: knew_why, told_what_would_happen,") == true)
        let missing = reported { () throws(ProblemList) in
            try QuestionnaireResponseFile.read("feels_supported\nyes\n", file: "s.csv", questionnaire: staff)
        }
        #expect(missing == ["s.csv:1: role: missing column"])
    }

    @Test func aRequiredAnswerMustBeGiven() {
        let problems = reported { () throws(ProblemList) in
            try QuestionnaireResponseFile.read("role,feels_supported\n,yes\nmanager,\n", file: "s.csv", questionnaire: staff)
        }
        #expect(problems == ["s.csv:2: role: missing answer to a required question"])
    }

    @Test func choicesMayBeWrittenAsLabelsAndAreStoredAsIds() throws {
        let text = """
        Knew Why,had_plan,plan_reviewed,less_likely,comment
        YES,Yes,"Not yet, it is too soon",A lot less likely,"She said ""thanks"", twice"
        no,not-sure,,a-bit-less,

        """
        let responses = try QuestionnaireResponseFile.read(text, file: "r.csv", questionnaire: children)
        #expect(responses == [
            QuestionnaireResponse(answers: ["knew_why": "yes", "had_plan": "yes", "plan_reviewed": "too_soon", "less_likely": "a_lot_less"],
                                  comment: "She said \"thanks\", twice"),
            QuestionnaireResponse(answers: ["knew_why": "no", "had_plan": "not_sure", "less_likely": "a_bit_less"]),
        ])
    }

    @Test(arguments: QuestionnaireCatalog.shippedIDs)
    func syntheticResponsesAreValidAndSurviveAFile(id: String) throws {
        let questionnaire = try QuestionnaireCatalog.shipped(id)
        let responses = SyntheticQuestionnaire.responses(questionnaire, count: 60, seed: 7)
        #expect(responses.count == 60)
        for response in responses { #expect(response.validate(against: questionnaire) == []) }
        #expect(responses == SyntheticQuestionnaire.responses(questionnaire, count: 60, seed: 7), "same seed, same responses")
        #expect(responses != SyntheticQuestionnaire.responses(questionnaire, count: 60, seed: 8))
        let text = QuestionnaireResponseFile.write(responses, questionnaire: questionnaire)
        #expect(text.hasPrefix(QuestionnaireResponseFile.columns(for: questionnaire).joined(separator: ",") + "\n"))
        #expect(try QuestionnaireResponseFile.read(text, file: "\(id).csv", questionnaire: questionnaire) == responses)
        #expect(responses.contains { !$0.comment.isEmpty })
    }

    @Test func syntheticResponsesFollowConditions() throws {
        let responses = SyntheticQuestionnaire.responses(children, count: 200, seed: 1)
        let reviewed = responses.filter { $0.answers["plan_reviewed"] != nil }
        #expect(!reviewed.isEmpty)
        #expect(reviewed.allSatisfy { $0.answers["had_plan"] == "yes" })
        #expect(responses.contains { $0.answers["had_plan"] != nil && $0.answers["had_plan"] != "yes" })
        #expect(SyntheticQuestionnaire.responses(children, count: 0, seed: 1).isEmpty)
    }

    @Test func oneResponseIsCheckedForTheWebForm() {
        let response = QuestionnaireResponse(
            answers: ["plan_reviewed": "yes", "satisfaction": "7.5", "bogus": "x", "comment": "typed in the wrong place"])
        #expect(response.validate(against: children) == [
            "plan_reviewed: answered, but the question is only asked when had_plan is yes",
            "satisfaction: '7.5' is not a whole number from 0 to 10",
            "comment: a comment question's text belongs in the response's comment, not in its answers",
            "bogus: not a question of questionnaire children",
        ])
        #expect(QuestionnaireResponse(answers: ["role": "manager"]).validate(against: staff) == [])
        #expect(QuestionnaireResponse().validate(against: staff) == ["role: missing answer to a required question"])
        // An answer that cannot be read says nothing about whether the next question applies.
        #expect(QuestionnaireResponse(answers: ["had_plan": "perhaps", "plan_reviewed": "yes"]).validate(against: children)
            == ["had_plan: 'perhaps' is not one of yes|no|not_sure"])
    }

    @Test func aQuestionnaireWithoutACommentQuestionRefusesAComment() throws {
        let yaml = """
        id: bare
        version: "1"
        title: Bare
        audience: staff
        questions:
          - {id: ok, text: OK?, kind: choice, options: ["yes", "no"]}
        """
        let bare = try QuestionnaireLoader.load(yaml: yaml, file: "bare.yaml")
        #expect(QuestionnaireResponse(answers: ["ok": "yes"], comment: "hello").validate(against: bare)
            == ["comment: questionnaire bare has no comment question"])
    }
}
