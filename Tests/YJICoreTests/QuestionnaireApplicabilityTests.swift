import Testing
@testable import YJICore

@Suite("Evidence: which questionnaire questions apply, and quoted comments")
struct QuestionnaireApplicabilityTests {
    let children: Questionnaire

    init() throws {
        children = try QuestionnaireCatalog.shipped("children")
    }

    /// A questionnaire with a follow-up of a follow-up: b is asked after a = yes, c after b = often.
    static let chain = Questionnaire(
        id: "chain", version: "1", title: "Chain", audience: .children, minimumForBreakdown: 5,
        questions: [
            QuestionnaireQuestion(id: "a", text: "Did it happen?", kind: .choice(options: [.init(id: "yes", label: "Yes"), .init(id: "no", label: "No")])),
            QuestionnaireQuestion(id: "b", text: "How often?", kind: .choice(options: [.init(id: "often", label: "Often"), .init(id: "once", label: "Once")]),
                                  appliesWhen: ("a", ["yes"])),
            QuestionnaireQuestion(id: "c", text: "Did you tell anyone?", kind: .choice(options: [.init(id: "yes", label: "Yes")]),
                                  appliesWhen: ("b", ["often", "once"])),
        ],
        findings: [])

    @Test func aFollowUpAppliesOnlyAfterTheAnswerItFollows() {
        #expect(children.applicability(to: QuestionnaireResponse(answers: ["had_plan": "yes"]))["plan_reviewed"] == true)
        #expect(children.applicability(to: QuestionnaireResponse(answers: ["had_plan": "no"]))["plan_reviewed"] == false)
        #expect(children.applicability(to: QuestionnaireResponse(answers: ["had_plan": "not_sure"]))["plan_reviewed"] == false)
        let none = children.applicability(to: QuestionnaireResponse())
        #expect(none["plan_reviewed"] == false)
        // Questions without a condition are always asked, and every question has an entry.
        #expect(none["knew_why"] == true)
        #expect(Set(none.keys) == Set(children.questions.map(\.id)))
    }

    @Test func answersToQuestionsThatDoNotApplyAreDroppedNotRefused() {
        let changedMind = QuestionnaireResponse(answers: ["had_plan": "no", "plan_reviewed": "yes", "knew_why": "yes"], comment: "Fine")
        #expect(!changedMind.validate(against: children).isEmpty)
        let kept = children.droppingUnaskedAnswers(changedMind)
        #expect(kept.answers == ["had_plan": "no", "knew_why": "yes"])
        #expect(kept.comment == "Fine")
        #expect(kept.validate(against: children).isEmpty)
        // An answer that applies is kept as it is.
        let planned = QuestionnaireResponse(answers: ["had_plan": "yes", "plan_reviewed": "too_soon"])
        #expect(children.droppingUnaskedAnswers(planned) == planned)
    }

    @Test func aFollowUpOfAFollowUpIsDroppedWithIt() {
        let response = QuestionnaireResponse(answers: ["a": "no", "b": "often", "c": "yes"])
        #expect(Self.chain.applicability(to: response) == ["a": true, "b": false, "c": false])
        #expect(Self.chain.droppingUnaskedAnswers(response).answers == ["a": "no"])
        let asked = QuestionnaireResponse(answers: ["a": "yes", "b": "once", "c": "yes"])
        #expect(Self.chain.droppingUnaskedAnswers(asked) == asked)
    }

    @Test func aConditionIsWordedWithTheQuestionsTextNotItsIds() throws {
        let followUp = try #require(children.question("plan_reviewed"))
        let wording = try #require(children.conditionWording(for: followUp))
        #expect(wording == "Only if you answered “Yes” to “Did you have a plan setting out the work you would do with the service?”")
        #expect(children.conditionWording(for: try #require(children.question("knew_why"))) == nil)
        let two = try #require(Self.chain.question("c"))
        #expect(Self.chain.conditionWording(for: two) == "Only if you answered “Often” or “Once” to “How often?”")
    }

    @Test func aQuotedCommentNeedsItsNamesChangedAndConfirmed() {
        let unchecked = QuestionnaireQuote(responseID: 1, questionnaireID: "children", text: "My worker helped me.", namesChanged: false)
        #expect(unchecked.validate().count == 1)
        #expect(unchecked.validate().first?.hasPrefix("names_changed:") == true)
        let blank = QuestionnaireQuote(responseID: 1, questionnaireID: "children", text: "  \n", namesChanged: true)
        #expect(blank.validate() == ["text: is required"])
        let checked = QuestionnaireQuote(responseID: 1, questionnaireID: "children", text: "My worker helped me.", namesChanged: true)
        #expect(checked.validate().isEmpty)
        #expect(QuestionnaireQuote.draft(of: "\n  They listened.  \n") == "They listened.")
    }
}
