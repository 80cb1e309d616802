import Foundation

/// What a set of responses to one questionnaire adds up to: counts per question, and the report's sentences.
///
/// Counts are given whatever the number of responses, because the people running an inspection need them; anything
/// shown beyond the team must check `suppressed` first, as `sentences` does.
public struct QuestionnaireResults: Sendable, Hashable {
    /// The questionnaire answered.
    public let questionnaire: Questionnaire
    /// The responses, taken as valid (a stored or imported response has been checked already).
    public let responses: [QuestionnaireResponse]

    public init(questionnaire: Questionnaire, responses: [QuestionnaireResponse]) {
        self.questionnaire = questionnaire
        self.responses = responses
    }

    /// How many responses there are.
    public var responseCount: Int { responses.count }

    /// True when there are too few responses to break them down without risking that one respondent is recognised.
    public var suppressed: Bool { responseCount < questionnaire.minimumForBreakdown }

    /// How many responses the question was asked of (always, or when its condition held), answered or not.
    public func applicableCount(for questionID: String) -> Int {
        guard let question = questionnaire.question(questionID) else { return 0 }
        return responses.filter { questionnaire.applies(question, to: $0) }.count
    }

    /// Option id -> responses choosing it, every option present (zero included); for a scale, each value as text
    /// ("0" ... "10"); empty for a comment or an unknown question.
    public func counts(for questionID: String) -> [String: Int] {
        guard let question = questionnaire.question(questionID) else { return [:] }
        switch question.kind {
        case .choice(let options):
            var counts = Dictionary(uniqueKeysWithValues: options.map { ($0.id, 0) })
            for response in responses {
                if let answer = response.answers[questionID], counts[answer] != nil { counts[answer, default: 0] += 1 }
            }
            return counts
        case .scale:
            return Dictionary(uniqueKeysWithValues: histogram(for: questionID).map { (String($0.key), $0.value) })
        case .comment:
            return [:]
        }
    }

    /// For a scale question, value -> responses giving it, every value of the scale present; empty for other kinds.
    public func histogram(for questionID: String) -> [Int: Int] {
        guard let range = questionnaire.question(questionID)?.scaleRange else { return [:] }
        var histogram = Dictionary(uniqueKeysWithValues: range.map { ($0, 0) })
        for response in responses {
            if let value = response.answers[questionID].flatMap({ Int($0) }), range.contains(value) {
                histogram[value, default: 0] += 1
            }
        }
        return histogram
    }

    /// The comments given, in response order.
    public var comments: [String] {
        responses.map(\.comment).filter { !$0.isEmpty }
    }

    /// Responses counted by a finding out of those its question was asked of.
    public func proportion(for finding: QuestionnaireFinding) -> Proportion {
        guard let question = questionnaire.question(finding.question) else { return Proportion(0, of: 0) }
        var asked = 0
        var counted = 0
        for response in responses where questionnaire.applies(question, to: response) {
            asked += 1
            let answer = response.answers[question.id]
            switch finding.match {
            case .options(let options):
                if let answer, options.contains(answer) { counted += 1 }
            case .atLeast(let lowest):
                if let value = answer.flatMap({ Int($0) }), value >= lowest, question.scaleRange?.contains(value) == true {
                    counted += 1
                }
            }
        }
        return Proportion(counted, of: asked)
    }

    /// The report's paragraph: how many responded, then each finding in the questionnaire's order; a finding whose
    /// question was asked of nobody is left out. Too few responses give one sentence saying that no breakdown is given.
    public var sentences: [String] {
        let audience = questionnaire.audience
        if responseCount == 0 {
            return [audience == .staff
                ? "No members of staff were interviewed for the inspection."
                : "No \(audience == .children ? "children or young people" : audience.pluralNoun) filled in a questionnaire for the inspection."]
        }
        if suppressed {
            let fewer = NumberWords.inText(questionnaire.minimumForBreakdown)
            return [audience == .staff
                ? "Fewer than \(fewer) members of staff were interviewed, so their answers are not broken down."
                : "Fewer than \(fewer) \(audience.pluralNoun) filled in a questionnaire, so their answers are not broken down, "
                    + "to protect their anonymity."]
        }
        var sentences = [Self.opening(audience: audience, count: responseCount)]
        for finding in questionnaire.findings {
            let proportion = proportion(for: finding)
            guard proportion.total > 0 else { continue }
            sentences.append(Self.render(finding.sentence, proportion: proportion))
        }
        return sentences
    }

    /// "Thirty-four children and young people filled in a questionnaire for the inspection."
    static func opening(audience: QuestionnaireAudience, count: Int) -> String {
        let noun = count == 1 ? audience.singularNoun : audience.pluralNoun
        let number = NumberWords.sentenceStart(count)
        switch audience {
        case .staff:
            return "\(number) \(noun) \(count == 1 ? "was" : "were") interviewed for the inspection."
        case .children, .victims:
            return "\(number) \(noun) filled in a questionnaire for the inspection."
        }
    }

    /// Fills a finding's template; see `QuestionnaireFinding.placeholders` for what each placeholder becomes.
    public static func render(_ template: String, proportion: Proportion) -> String {
        var text = template
        if text.contains("{count} {of}") {
            // The whole count phrase, with no noun: the template's own words follow it ("all 12 staff interviewed ...").
            let phrase = proportion.countPhrase(noun: "", singular: "").trimmingCharacters(in: .whitespaces)
            text = text.replacingOccurrences(of: "{count} {of}", with: phrase)
        } else {
            text = text.replacingOccurrences(of: "{count}", with: countWords(proportion))
        }
        text = text.replacingOccurrences(of: "{percent}", with: proportion.wholePercent.map { "\($0)%" } ?? "0%")
        return Sentence.capitalisingStart(text)
    }

    /// The count on its own: "all five" or "both" when everyone did (taken from the count phrase), "none" when no one
    /// did, otherwise the number as the reports write it mid-sentence (`Sentence` spells it out at the start).
    static func countWords(_ proportion: Proportion) -> String {
        if proportion.count == 0 { return "none" }
        if proportion.count == proportion.total, proportion.total >= 2 {
            return proportion.countPhrase(noun: "").trimmingCharacters(in: .whitespaces)
        }
        return NumberWords.inText(proportion.count)
    }
}
