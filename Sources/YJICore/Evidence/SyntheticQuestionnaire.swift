/// Made-up questionnaire responses for demonstrations and tests; never taken from real people.
public enum SyntheticQuestionnaire {
    /// `count` valid responses to `questionnaire`, the same for the same seed.
    ///
    /// Each response answers every required question it is asked, most optional ones, and follows `appliesWhen`, so a
    /// question after "did you have a plan?" is only answered when the plan was there. Options and scale values lean
    /// towards the first option and the top of the scale, as real returns lean positive, without being all alike.
    public static func responses(_ questionnaire: Questionnaire, count: Int, seed: UInt64) -> [QuestionnaireResponse] {
        var random = SeededGenerator(seed: seed)
        return (0..<max(0, count)).map { _ in response(questionnaire, random: &random) }
    }

    private static func response(_ questionnaire: Questionnaire, random: inout SeededGenerator) -> QuestionnaireResponse {
        var response = QuestionnaireResponse()
        for question in questionnaire.questions where questionnaire.applies(question, to: response) {
            let answers = question.required || Double.random(in: 0..<1, using: &random) < 0.9
            switch question.kind {
            case .choice(let options) where answers:
                // Weights n, n-1, ..., 1: the first option (usually the positive one in yji's files) is likeliest.
                let weights = options.indices.map { options.count - $0 }
                var pick = Int.random(in: 0..<weights.reduce(0, +), using: &random)
                for (index, weight) in weights.enumerated() {
                    if pick < weight {
                        response.answers[question.id] = options[index].id
                        break
                    }
                    pick -= weight
                }
            case .scale(let min, let max) where answers:
                // The higher of two draws leans towards the top of the scale.
                let value = Swift.max(Int.random(in: min...max, using: &random), Int.random(in: min...max, using: &random))
                response.answers[question.id] = String(value)
            case .comment where Double.random(in: 0..<1, using: &random) < 0.25:
                let pool = comments[questionnaire.audience] ?? []
                if let text = pool.randomElement(using: &random) { response.comment = text }
            default:
                break
            }
        }
        return response
    }

    /// Invented comments, written for yji.
    private static let comments: [QuestionnaireAudience: [String]] = [
        .children: [
            "My worker explained things so I could follow them.",
            "The sessions helped me think before I act.",
            "I would like appointments after school instead of during it.",
            "It was alright. Sometimes I had to wait a long time.",
        ],
        .victims: [
            "I was kept informed about what was happening.",
            "I would have liked to hear back sooner.",
            "The apology letter meant a lot to me.",
        ],
        .staff: [
            "Supervision is regular and useful.",
            "More training on assessing risk of harm would help.",
            "Caseloads have been high since the team lost two posts.",
        ],
    ]
}
