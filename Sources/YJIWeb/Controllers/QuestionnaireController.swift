import Foundation
import Hummingbird
import YJICore
import YJIStore

/// Questionnaires: results on the inspection's evidence page, links for respondents, CSV import, staff interviews
/// entered by inspectors, and the anonymous form a child or victim fills in from a link with no account.
struct QuestionnaireController {
    let services: WebServices

    /// How long a new link stays open unless the lead says otherwise.
    static let defaultLinkDays = 21

    struct OptionView {
        let value: String
        let label: String
        let inputID: String
        let checked: Bool
    }

    struct QuestionView {
        let id: String
        let anchor: String
        let text: String
        let isChoice: Bool
        let isComment: Bool
        let options: [OptionView]
        let comment: String
        let hint: String
        let error: String?
    }

    struct FormPage {
        let chrome: PageChrome
        let title: String
        let intro: String
        let action: String
        let questions: [QuestionView]
        let errors: [FieldError]
        let submitLabel: String
    }

    struct ThanksPage {
        let chrome: PageChrome
        let message: String
    }

    struct LinksPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let title: String
        let links: [String]
        let firstLink: String
        let expires: String
    }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/q/{token}") { request, context in
            let questionnaire = try await openLink(context)
            let token = request.cookies[SessionCookies.signInToken]?.value ?? SessionCookies.newToken()
            var response = services.pages.render("questionnaire", Self.formPage(
                questionnaire, chrome: PageChrome(title: questionnaire.title, context: context, csrf: token),
                action: "/q/\(context.parameters.get("token") ?? "")", submitted: FormFields(), errors: [], intro: Self.intro))
            response.setCookie(SessionCookies.cookie(SessionCookies.signInToken, value: token, secure: services.configuration.secureCookies))
            return response
        }
        router.post("/q/{token}") { _, context in
            let questionnaire = try await openLink(context)
            let token = context.parameters.get("token") ?? ""
            let response = Self.response(from: context.form, questionnaire: questionnaire)
            let problems = response.validate(against: questionnaire)
            guard problems.isEmpty else {
                return services.pages.render("questionnaire", Self.formPage(
                    questionnaire, chrome: PageChrome(title: questionnaire.title, context: context, csrf: context.form["csrf"]),
                    action: "/q/\(token)", submitted: context.form, errors: Self.errors(problems, questionnaire: questionnaire),
                    intro: Self.intro), status: .unprocessableContent)
            }
            do {
                try await services.store.submitQuestionnaire(tokenHash: SessionCookies.hash(token), questionnaire: questionnaire, response: response)
            } catch StoreError.invalid {
                throw Self.closed
            }
            return services.pages.render("thanks", ThanksPage(
                chrome: PageChrome(title: "Thank you", context: context),
                message: "Your answers have been sent. Nobody will know which answers were yours. You can close this page."))
        }
        router.post("/inspections/{inspection}/evidence/questionnaires/{questionnaire}/links") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            let questionnaire = try Self.questionnaire(context)
            guard questionnaire.audience != .staff else { throw WebError.invalid("Staff interviews are recorded by inspectors, not through links.") }
            let count = Int(context.form["count"] ?? "") ?? 0
            let days = Int(context.form["days"] ?? "") ?? Self.defaultLinkDays
            guard (1...200).contains(count), (1...90).contains(days) else {
                throw WebError.invalid("Ask for between 1 and 200 links, open for 1 to 90 days.")
            }
            let tokens = (0..<count).map { _ in SessionCookies.newToken() }
            let expires = Date().addingTimeInterval(Double(days) * 86_400)
            try await services.store.addQuestionnaireLinks(inspection: inspection.id, questionnaireID: questionnaire.id,
                                                           tokenHashes: tokens.map(SessionCookies.hash), expiresAt: expires, actor: user.email)
            return services.pages.render("questionnaire-links", LinksPage(
                chrome: EvidenceController.chrome("Links for \(questionnaire.title)", inspection, context),
                inspection: InspectionSummary(inspection), title: questionnaire.title,
                links: tokens.map { "/q/\($0)" }, firstLink: "/q/\(tokens[0])", expires: String(ISO8601DateFormatter().string(from: expires).prefix(10))))
        }
        router.post("/inspections/{inspection}/evidence/questionnaires/{questionnaire}/import") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.mayManage else { throw WebError.forbidden }
            let questionnaire = try Self.questionnaire(context)
            guard let file = context.form.files["responses"], !file.data.isEmpty else {
                throw WebError.invalid("Choose a CSV file of responses.")
            }
            do {
                try await services.store.importQuestionnaireResponses(
                    inspection: inspection.id, questionnaire: questionnaire, csv: String(decoding: file.data, as: UTF8.self),
                    file: file.name.isEmpty ? "\(questionnaire.id).csv" : file.name, actor: user.email)
            } catch let error as StoreError {
                return try await EvidenceController(services: services).page(
                    context, inspection, access, errors: SamplingController.fieldErrors(error, field: "responses-\(questionnaire.id)"),
                    status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence", type: .normal)
        }
        router.get("/inspections/{inspection}/evidence/interviews/new") { _, context in
            let (inspection, access, _) = try await services.inspection(context)
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let staff = try QuestionnaireCatalog.shipped("staff")
            return services.pages.render("questionnaire", Self.formPage(
                staff, chrome: EvidenceController.chrome("Record a staff interview", inspection, context),
                action: "/inspections/\(inspection.id)/evidence/interviews", submitted: FormFields(), errors: [],
                intro: "One record per person interviewed. Do not write their name.", submitLabel: "Save interview"))
        }
        router.post("/inspections/{inspection}/evidence/interviews") { _, context in
            let (inspection, access, user) = try await services.inspection(context)
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let staff = try QuestionnaireCatalog.shipped("staff")
            let response = Self.response(from: context.form, questionnaire: staff)
            let problems = response.validate(against: staff)
            guard problems.isEmpty else {
                return services.pages.render("questionnaire", Self.formPage(
                    staff, chrome: EvidenceController.chrome("Record a staff interview", inspection, context),
                    action: "/inspections/\(inspection.id)/evidence/interviews", submitted: context.form,
                    errors: Self.errors(problems, questionnaire: staff), intro: "One record per person interviewed. Do not write their name.",
                    submitLabel: "Save interview"), status: .unprocessableContent)
            }
            try await services.store.addQuestionnaireResponse(inspection: inspection.id, questionnaire: staff, response: response, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence", type: .normal)
        }
    }

    static let closed = WebError(.gone, code: "link-closed",
                                 "This questionnaire link has already been used or has expired. Ask the youth offending service for a new one.")

    /// The questionnaire of the link named in the path, if the link can still be used; unknown links are "not found".
    private func openLink(_ context: WebContext) async throws -> Questionnaire {
        guard let token = context.parameters.get("token"),
              let link = try await services.store.questionnaireLink(tokenHash: SessionCookies.hash(token)) else { throw WebError.notFound() }
        guard link.isOpen() else { throw Self.closed }
        return try QuestionnaireCatalog.shipped(link.questionnaireID)
    }

    static func questionnaire(_ context: WebContext) throws -> Questionnaire {
        guard let id = context.parameters.get("questionnaire"), QuestionnaireCatalog.shippedIDs.contains(id) else { throw WebError.notFound() }
        return try QuestionnaireCatalog.shipped(id)
    }

    static let intro = "Your answers help inspectors judge the youth offending service's work. Do not write your name or anyone else's. "
        + "Answer only what you want to; you can send the form once."

    /// A response from the form's fields: `answer.<question>` for choices and scales, `comment` for the comment.
    static func response(from form: FormFields, questionnaire: Questionnaire) -> QuestionnaireResponse {
        var answers: [String: String] = [:]
        var comment = ""
        for question in questionnaire.questions {
            if case .comment = question.kind {
                comment = form["answer.\(question.id)"] ?? ""
            } else if let value = form["answer.\(question.id)"], !value.isEmpty {
                answers[question.id] = value
            }
        }
        return QuestionnaireResponse(answers: answers, comment: comment)
    }

    /// Problems from validation, each linked to its question when the message names one.
    static func errors(_ problems: [String], questionnaire: Questionnaire) -> [FieldError] {
        problems.map { problem in
            // Each problem starts "question_id: ...": matching the whole id keeps "plan" from claiming "plan_reviewed".
            let id = String(problem.prefix { $0 != ":" })
            let question = questionnaire.question(id)
            return FieldError(field: question.map { anchor($0.id) } ?? "main", message: problem)
        }
    }

    static func anchor(_ id: String) -> String { "q-" + id.replacingOccurrences(of: "_", with: "-") }

    static func formPage(_ questionnaire: Questionnaire, chrome: PageChrome, action: String, submitted: FormFields, errors: [FieldError],
                         intro: String, submitLabel: String = "Send my answers") -> FormPage {
        let byAnchor = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let questions = questionnaire.questions.map { question -> QuestionView in
            let anchor = anchor(question.id)
            let chosen = submitted["answer.\(question.id)"] ?? ""
            var options: [OptionView] = []
            var hint = question.appliesWhen.map { condition in
                "Only if you answered \(condition.options.joined(separator: " or ")) to question \(condition.question.replacingOccurrences(of: "_", with: " "))."
            } ?? ""
            switch question.kind {
            case .choice(let choices):
                options = choices.enumerated().map { index, option in
                    OptionView(value: option.id, label: option.label, inputID: index == 0 ? anchor : "\(anchor)-\(index)", checked: option.id == chosen)
                }
            case .scale(let low, let high):
                options = (low...high).enumerated().map { index, value in
                    OptionView(value: String(value), label: String(value), inputID: index == 0 ? anchor : "\(anchor)-\(index)",
                               checked: String(value) == chosen)
                }
                hint = "\(low) means not at all, \(high) means completely." + (hint.isEmpty ? "" : " " + hint)
            case .comment:
                break
            }
            let isComment: Bool = if case .comment = question.kind { true } else { false }
            return QuestionView(id: question.id, anchor: anchor, text: question.text, isChoice: !isComment, isComment: isComment,
                                options: options, comment: isComment ? chosen : "", hint: hint, error: byAnchor[anchor])
        }
        return FormPage(chrome: chrome, title: questionnaire.title, intro: intro, action: action, questions: questions, errors: errors,
                        submitLabel: submitLabel)
    }
}
