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

@Suite("Evidence: questionnaire loading")
struct EvidenceQuestionnaireLoaderTests {
    /// A small valid questionnaire; the broken variants below each change one thing and expect its FILE:LINE message.
    static let valid = """
    id: mini
    version: "1"
    title: Mini questionnaire
    audience: children
    questions:
      - id: had_plan
        text: Did you have a plan?
        kind: choice
        options: ["yes", "no"]
      - id: reviewed
        text: Was it reviewed?
        kind: choice
        options:
          - {id: "yes", label: "Yes"}
          - {id: "no", label: "No"}
        applies_when: {question: had_plan, options: ["yes"]}
      - id: rating
        text: How good was it?
        kind: scale
        min: 0
        max: 10
      - id: comment
        text: Anything else?
        kind: comment
    findings:
      - id: reviewed
        question: reviewed
        options: ["yes"]
        sentence: "{count} {of} said their plan was reviewed."
      - id: high
        question: rating
        at_least: 8
        sentence: "{count} ({percent}) rated it eight or more."
    """

    static func problems(_ yaml: String) -> [String] {
        reported { () throws(ProblemList) in try QuestionnaireLoader.load(yaml: yaml, file: "mini.yaml") }
    }

    @Test func theValidQuestionnaireLoads() throws {
        let questionnaire = try QuestionnaireLoader.load(yaml: Self.valid, file: "mini.yaml")
        #expect(questionnaire.id == "mini" && questionnaire.audience == .children)
        #expect(questionnaire.minimumForBreakdown == 5, "children default to five")
        #expect(questionnaire.questions.map(\.id) == ["had_plan", "reviewed", "rating", "comment"])
        #expect(questionnaire.question("had_plan")?.options == [
            QuestionnaireOption(id: "yes", label: "Yes"), QuestionnaireOption(id: "no", label: "No"),
        ])
        #expect(questionnaire.question("reviewed")?.appliesWhen == QuestionnaireCondition(question: "had_plan", options: ["yes"]))
        #expect(questionnaire.question("rating")?.kind == .scale(min: 0, max: 10))
        #expect(questionnaire.commentQuestion?.id == "comment")
        #expect(questionnaire.findings.map(\.match) == [.options(["yes"]), .atLeast(8)])
    }

    @Test(arguments: QuestionnaireCatalog.shippedIDs)
    func shippedQuestionnairesLoad(id: String) throws {
        let questionnaire = try QuestionnaireCatalog.shipped(id)
        #expect(questionnaire.id == id)
        #expect(questionnaire.audience.rawValue == id)
        #expect(questionnaire.minimumForBreakdown == (id == "staff" ? 1 : 5))
        #expect(!questionnaire.findings.isEmpty)
        #expect(questionnaire.commentQuestion != nil)
    }

    @Test func shippedQuestionnairesCoverTheReportedTopics() throws {
        let children = try QuestionnaireCatalog.shipped("children")
        #expect(children.question("interested")?.options.map(\.id) == ["completely", "mostly", "a_bit", "not_at_all"])
        #expect(children.question("got_help")?.options.map(\.id) == ["definitely", "most_of_the_time", "sometimes", "no"])
        #expect(children.question("less_likely")?.options.map(\.id) == ["a_lot_less", "a_bit_less", "no_different", "more_likely"])
        #expect(children.question("plan_reviewed")?.appliesWhen?.question == "had_plan")
        #expect(children.question("satisfaction")?.scaleRange == 0...10)
        let victims = try QuestionnaireCatalog.shipped("victims")
        #expect(victims.question("safety_attended")?.appliesWhen == QuestionnaireCondition(question: "safety_concerns", options: ["yes"]))
        #expect(victims.question("satisfaction")?.options.map(\.id) == ["completely", "mostly", "partly", "not_satisfied"])
        let staff = try QuestionnaireCatalog.shipped("staff")
        #expect(staff.question("role")?.required == true)
        #expect(staff.question("training_met")?.options.map(\.id) == ["fully", "partially", "not_met"])
    }

    @Test func anUnknownShippedIDIsAProblem() {
        #expect(reported { () throws(ProblemList) in try QuestionnaireCatalog.shipped("parents") }
            == ["parents: questionnaire: no shipped questionnaire has this id (shipped: children, victims, staff)"])
    }

    /// Each broken variant: the text to replace, its replacement, and the exact problem expected.
    static let broken: [(String, String, String, String)] = [
        ("duplicate question id", "  - id: rating\n", "  - id: had_plan\n",
         "mini.yaml:17: had_plan: duplicate question id (first defined on line 6)"),
        ("condition option the question lacks", "options: [\"yes\"]}", "options: [\"maybe\"]}",
         "mini.yaml:16: reviewed: 'maybe' is not an option of had_plan (yes|no)"),
        ("condition on a later question", "{question: had_plan,", "{question: rating,",
         "mini.yaml:16: reviewed: applies_when must refer to an earlier question, and rating comes later"),
        ("condition on an unknown question", "{question: had_plan,", "{question: plan,",
         "mini.yaml:16: reviewed: applies_when refers to unknown question 'plan'"),
        ("condition without options", ", options: [\"yes\"]}", "}",
         "mini.yaml:16: reviewed: missing 'options' in applies_when"),
        ("no options", "options: [\"yes\", \"no\"]", "options: []",
         "mini.yaml:9: had_plan: a choice question needs at least two options"),
        ("choice without options", "    options: [\"yes\", \"no\"]\n", "",
         "mini.yaml:6: had_plan: a choice question needs 'options'"),
        ("repeated option", "options: [\"yes\", \"no\"]", "options: [\"yes\", \"yes\"]",
         "mini.yaml:9: had_plan: option 'yes' is listed twice (first on line 9)"),
        ("option id with spaces", "options: [\"yes\", \"no\"]", "options: [\"yes\", \"not really\"]",
         "mini.yaml:9: had_plan: option id 'not really' must use lower-case letters, digits and '_' only"),
        ("unknown placeholder", "said their plan was", "said their {thing} was",
         "mini.yaml:29: reviewed: sentence uses unknown placeholder {thing} (known: {count}, {of}, {percent})"),
        ("no count", "\"{count} ({percent}) rated", "\"Some ({percent}) rated",
         "mini.yaml:33: high: sentence must contain {count}"),
        ("of not after count", "\"{count} {of} said their plan was reviewed.\"", "\"{count} said their plan was reviewed {of}.\"",
         "mini.yaml:29: reviewed: {of} must come straight after '{count} ', as in '{count} {of} said ...'"),
        ("unclosed brace", "rated it eight or more.", "rated it {eight or more.",
         "mini.yaml:33: high: sentence has an unmatched '{' or '}'"),
        ("at_least beyond the scale", "at_least: 8", "at_least: 11",
         "mini.yaml:32: high: at_least 11 is outside rating's scale (0 to 10)"),
        ("at_least on a choice question", "question: rating\n", "question: had_plan\n",
         "mini.yaml:32: high: 'at_least' needs a scale question; had_plan is not one"),
        ("finding on an unknown question", "question: reviewed\n", "question: review\n",
         "mini.yaml:27: reviewed: unknown question 'review'"),
        ("finding option the question lacks", "options: [\"yes\"]\n    sentence", "options: [\"maybe\"]\n    sentence",
         "mini.yaml:28: reviewed: 'maybe' is not an option of reviewed (yes|no)"),
        ("finding with options and at_least", "    at_least: 8\n", "    at_least: 8\n    options: [\"yes\"]\n",
         "mini.yaml:32: high: a finding has either 'options' or 'at_least', not both"),
        ("finding with neither", "    at_least: 8\n", "",
         "mini.yaml:30: high: a finding needs 'options' (for a choice question) or 'at_least' (for a scale)"),
        ("duplicate finding id", "  - id: high\n", "  - id: reviewed\n",
         "mini.yaml:30: reviewed: duplicate finding id (first defined on line 26)"),
        ("unknown audience", "audience: children", "audience: parents",
         "mini.yaml:4: mini: audience must be children, victims or staff, not 'parents'"),
        ("breakdown below five for children", "audience: children\n", "audience: children\nminimum_for_breakdown: 3\n",
         "mini.yaml:5: mini: minimum_for_breakdown must be at least 5 for children, so that no breakdown can point at one respondent"),
        ("required comment", "    kind: comment\n", "    kind: comment\n    required: true\n",
         "mini.yaml:25: comment: a comment is always optional, so it cannot be required"),
        ("second comment question", "    kind: comment\n", "    kind: comment\n  - id: more\n    text: More?\n    kind: comment\n",
         "mini.yaml:25: more: only one comment question is allowed (a response keeps one comment); the first is comment"),
        ("scale running backwards", "max: 10", "max: 0",
         "mini.yaml:21: rating: max 0 must be above min 0"),
        ("scale without max", "    max: 10\n", "",
         "mini.yaml:17: rating: missing 'max'"),
        ("options on a scale", "    min: 0\n", "    min: 0\n    options: [\"yes\", \"no\"]\n",
         "mini.yaml:21: rating: 'options' is only for choice questions"),
        ("unknown kind", "kind: scale", "kind: slider",
         "mini.yaml:19: rating: kind must be choice, scale or comment, not 'slider'"),
        ("unknown key", "    text: How good was it?\n", "    text: How good was it?\n    hint: x\n",
         "mini.yaml:19: rating: unknown key 'hint' (expected one of: applies_when, id, kind, max, min, options, required, text)"),
        // Found by the fuzzer: an empty id left the problem with no subject at all.
        ("unknown key beside an empty id", "  - id: rating\n    text: How good was it?\n", "  - id: \n    text: How good was it?\n    hint: x\n",
         "mini.yaml:19: question: unknown key 'hint' (expected one of: applies_when, id, kind, max, min, options, required, text)"),
        ("question id not fit for a column", "  - id: comment\n", "  - id: Comment-1\n",
         "mini.yaml:22: Comment-1: question ids use lower-case letters, digits and '_' only"),
        ("missing text", "    text: Anything else?\n", "",
         "mini.yaml:22: comment: missing 'text'"),
        ("no questions", "questions:\n", "questions: []\nquestionz:\n",
         "mini.yaml:5: mini: 'questions' must list at least one question"),
        // The parser notices the unclosed list on the next line, which is where Yams places it.
        ("invalid YAML", "title: Mini questionnaire", "title: [Mini questionnaire",
         "mini.yaml:4: yaml: not valid YAML: did not find expected ',' or ']'"),
    ]

    @Test(arguments: broken)
    func brokenVariantIsRejectedWithItsLine(_ variant: (String, String, String, String)) {
        expectRejected(variant, valid: Self.valid, problems: Self.problems)
    }

    @Test func anEmptyFileIsOneProblem() {
        #expect(Self.problems("") == ["mini.yaml:1: questionnaire: the file is empty"])
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let twice = Self.valid
            .replacingOccurrences(of: "at_least: 8", with: "at_least: 11")
            .replacingOccurrences(of: "audience: children", with: "audience: parents")
        #expect(Self.problems(twice).count == 2)
    }
}

@Suite("Evidence: questionnaire results")
struct EvidenceQuestionnaireResultsTests {
    /// 34 responses made to match the counts in the Harrow report (2011) that children's questionnaires gave.
    static func harrowChildren() -> [QuestionnaireResponse] {
        (0..<34).map { i in
            var answers: [String: String] = [
                "knew_why": i < 32 ? "yes" : "no",
                "told_what_would_happen": i < 32 ? "yes" : "no",
                "listened": i < 30 ? "yes" : "no",
                "interested": i < 22 ? "completely" : i < 32 ? "mostly" : "a_bit",
                "got_help": i < 20 ? "definitely" : i < 30 ? "most_of_the_time" : "sometimes",
                "had_plan": i < 20 ? "yes" : "not_sure",
                "self_assessment": i < 15 ? "yes" : "no",
                "help_education": i < 12 ? "yes" : "no",
                // Different children from those helped with education, as in life.
                "understand_offending": (i + 5) % 34 < 14 ? "yes" : "no",
                "better_decisions": (i + 17) % 34 < 14 ? "yes" : "no",
                "less_likely": i < 24 ? "a_lot_less" : i < 30 ? "a_bit_less" : "no_different",
                "satisfaction": String(i < 9 ? 10 : i < 27 ? 6 + i % 4 : i % 6),
            ]
            if i < 20 { answers["plan_reviewed"] = i < 10 ? "yes" : "no" }
            return QuestionnaireResponse(answers: answers, comment: i == 3 ? "They explained things well." : "")
        }
    }

    @Test func harrowChildrenGiveTheReportedCounts() throws {
        let children = try QuestionnaireCatalog.shipped("children")
        let responses = Self.harrowChildren()
        for response in responses { #expect(response.validate(against: children) == []) }
        let results = QuestionnaireResults(questionnaire: children, responses: responses)
        #expect(results.responseCount == 34 && !results.suppressed)
        #expect(results.sentences == [
            "Thirty-four children and young people filled in a questionnaire for the inspection.",
            "Thirty-two of the 34 said they knew why they had to come to the service.",
            "Thirty-two of the 34 said staff had explained what was going to happen to them.",
            "Thirty of the 34 felt that staff listened to what they had to say.",
            "Twenty-two (65%) felt staff were completely interested in helping them.",
            "Ten (29%) felt staff were mostly interested in helping them.",
            "Twenty said the service had definitely helped with the things they needed help with.",
            "Ten said they had got the help they needed most of the time.",
            "Ten of the 20 who had a plan said it had been looked at again with them.",
            "Fifteen (44%) remembered filling in a form about themselves for the service.",
            "Twelve said the service had helped them with school, training or finding work.",
            "Fourteen said they had been helped to understand why they offended.",
            "Fourteen said they had been helped to make better decisions.",
            "Twenty-four said they were a lot less likely to offend again because of the work with the service.",
            "Twenty-seven of the 34 gave the service a score of six or more out of ten.",
            "Nine gave it the top score of ten.",
        ])
        #expect(results.counts(for: "interested") == ["completely": 22, "mostly": 10, "a_bit": 2, "not_at_all": 0])
        #expect(results.counts(for: "plan_reviewed") == ["yes": 10, "no": 10, "too_soon": 0])
        #expect(results.applicableCount(for: "plan_reviewed") == 20)
        let histogram = results.histogram(for: "satisfaction")
        #expect(histogram.keys.sorted() == Array(0...10))
        #expect(histogram[10] == 9 && histogram.values.reduce(0, +) == 34)
        #expect(results.counts(for: "satisfaction")["10"] == 9)
        #expect(results.comments == ["They explained things well."])
        #expect(results.counts(for: "comment") == [:] && results.histogram(for: "knew_why") == [:])
    }

    static func harrowVictims(count: Int = 5) -> [QuestionnaireResponse] {
        (0..<count).map { i in
            var answers = [
                "needs_considered": "yes", "service_explained": "yes", "worries_heard": "yes",
                "benefited": i < 3 ? "yes" : "no",
                "safety_concerns": i < 4 ? "yes" : "no",
                "satisfaction": i < 4 ? "completely" : "mostly",
            ]
            if i < 4 { answers["safety_attended"] = i < 3 ? "yes" : "no" }
            return QuestionnaireResponse(answers: answers)
        }
    }

    @Test func fiveVictimsAreBrokenDown() throws {
        let victims = try QuestionnaireCatalog.shipped("victims")
        let results = QuestionnaireResults(questionnaire: victims, responses: Self.harrowVictims())
        #expect(results.sentences == [
            "Five victims of offences committed by children filled in a questionnaire for the inspection.",
            "All five felt the service had taken their own needs into account.",
            "All five said the service had explained what it could offer them.",
            "All five said they had had the chance to talk about their worries.",
            "Three of the five had benefited from work done by the child who committed the offence.",
            "Four of the five had been worried about their safety.",
            "Of those who had been worried about their safety, three said the service had paid enough attention to it.",
            "Four of the five were completely satisfied with what the service did.",
        ])
    }

    @Test func fourResponsesAreNotBrokenDown() throws {
        let victims = try QuestionnaireCatalog.shipped("victims")
        let results = QuestionnaireResults(questionnaire: victims, responses: Self.harrowVictims(count: 4))
        #expect(results.suppressed)
        #expect(results.sentences == [
            "Fewer than five victims of offences committed by children filled in a questionnaire, so their answers are "
                + "not broken down, to protect their anonymity.",
        ])
        let children = try QuestionnaireCatalog.shipped("children")
        #expect(QuestionnaireResults(questionnaire: children, responses: []).sentences
            == ["No children or young people filled in a questionnaire for the inspection."])
    }

    @Test func aFindingAskedOfNobodyIsLeftOut() throws {
        let victims = try QuestionnaireCatalog.shipped("victims")
        let responses = (0..<6).map { _ in QuestionnaireResponse(answers: ["safety_concerns": "no", "benefited": "no"]) }
        let sentences = QuestionnaireResults(questionnaire: victims, responses: responses).sentences
        #expect(sentences.contains("None of the six had been worried about their safety."))
        #expect(sentences.contains("None of the six had benefited from work done by the child who committed the offence."))
        #expect(!sentences.contains { $0.contains("paid enough attention") })
        // Unanswered questions still count in the total: all six were asked.
        #expect(sentences.contains("None of the six felt the service had taken their own needs into account."))
    }

    @Test func twelveStaffInterviews() throws {
        let staff = try QuestionnaireCatalog.shipped("staff")
        let roles = ["case_manager", "practitioner", "manager", "other"]
        let responses = (0..<12).map { i in
            QuestionnaireResponse(answers: [
                "role": roles[i % 4], "feels_supported": "yes", "training_met": i < 8 ? "fully" : "partially",
                "safeguarding_policy": i < 11 ? "yes" : "no", "risk_policy": i < 9 ? "yes" : "no",
                "diversity": i < 10 ? "yes" : "no", "more_skills": i < 5 ? "yes" : "no",
            ])
        }
        let results = QuestionnaireResults(questionnaire: staff, responses: responses)
        #expect(results.sentences == [
            "Twelve members of staff were interviewed for the inspection.",
            "All 12 staff interviewed said they felt supported in their work.",
            "All 12 staff interviewed said their training and development needs were fully or partly met.",
            "All but 1 of the 12 staff interviewed knew the local policy on safeguarding children.",
            "Nine of the 12 staff interviewed understood the policy on managing risk of harm to others.",
            "Ten of the 12 staff interviewed understood the diversity needs of the children they work with.",
            "Five of the 12 staff interviewed said they would benefit from developing their skills further.",
        ])
        #expect(results.counts(for: "role") == ["case_manager": 3, "practitioner": 3, "manager": 3, "other": 3])
        let one = QuestionnaireResults(questionnaire: staff, responses: [responses[0]])
        #expect(!one.suppressed)
        #expect(one.sentences.first == "One member of staff was interviewed for the inspection.")
    }

    @Test func placeholdersRenderThroughTheSharedPhrasing() {
        #expect(QuestionnaireResults.render("{count} {of} agreed.", proportion: Proportion(2, of: 2)) == "Both agreed.")
        #expect(QuestionnaireResults.render("{count} {of} agreed.", proportion: Proportion(0, of: 9)) == "None of the nine agreed.")
        #expect(QuestionnaireResults.render("{count} {of} agreed.", proportion: Proportion(7, of: 11)) == "Seven of the 11 agreed.")
        #expect(QuestionnaireResults.render("{count} agreed.", proportion: Proportion(5, of: 5)) == "All five agreed.")
        #expect(QuestionnaireResults.render("{count} agreed.", proportion: Proportion(0, of: 7)) == "None agreed.")
        #expect(QuestionnaireResults.render("In all, {count} ({percent}) agreed.", proportion: Proportion(15, of: 34))
            == "In all, 15 (44%) agreed.")
    }
}
