import Foundation
import HTTPTypes
import Hummingbird
import YJICore
import YJIStore

/// Questionnaires: links for respondents, CSV import, staff interviews entered by inspectors, and the anonymous form a
/// child or victim fills in from a link with no account. Their results are drawn on the evidence page (`EvidenceController`).
struct QuestionnaireController {
    let services: WebServices
    let evidence: EvidenceRepository
    /// The evidence page, shown again with an import's problems.
    let evidencePage: EvidenceController

    /// How long a new link stays open unless the lead says otherwise.
    static let defaultLinkDays = 21

    struct OptionView {
        let value: String
        let label: String
        let inputID: String
        let checked: Bool
        /// The choice that leaves the question unanswered: it submits an empty value, which the form reads as no answer.
        let isBlank: Bool
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
        /// A follow-up: asked only after a particular answer to an earlier question.
        let isFollowUp: Bool
        /// Whether it applies to the answers the page was drawn with (the script keeps this up to date as they change).
        let applies: Bool
    }

    struct FormPage {
        let chrome: PageChrome
        let title: String
        let intro: String
        let action: String
        /// Where the script asks which follow-ups apply; empty when the form has none.
        let appliesAction: String
        let questions: [QuestionView]
        let errors: [FieldError]
        let submitLabel: String
    }

    struct ThanksPage {
        let chrome: PageChrome
        let message: String
    }

    struct LinkView {
        let number: Int
        let url: String
        let inputID: String
    }

    struct LinksPage {
        let chrome: PageChrome
        let inspection: InspectionSummary
        let title: String
        let links: [LinkView]
        let expires: String
        /// Said when the links were built from the address the page was opened at, as no public address is configured.
        let addressNote: String?
    }

    /// What the applicability endpoint answers: each question's id and whether it is asked, given the answers sent.
    struct ApplicabilityBody: Encodable {
        let applies: [String: Bool]
    }

    func addRoutes(to router: Router<WebContext>, inspection: RouterGroup<WebContext>) {
        router.get("/q/{token}") { request, context in
            let questionnaire = try await openLink(context)
            let token = request.cookies[SessionCookies.signInToken]?.value ?? SessionCookies.newToken()
            let path = "/q/\(context.parameters.get("token") ?? "")"
            var response = services.pages.render("questionnaire", Self.formPage(
                questionnaire, chrome: PageChrome(title: questionnaire.title, context: context, csrf: token),
                action: path, appliesAction: path + "/applies", submitted: FormFields(), errors: [], intro: Self.intro))
            response.setCookie(SessionCookies.cookie(SessionCookies.signInToken, value: token, secure: services.configuration.secureCookies))
            return response
        }
        router.post("/q/{token}") { _, context in
            let questionnaire = try await openLink(context)
            let token = context.parameters.get("token") ?? ""
            // Answers to follow-ups that no longer apply are dropped, not refused: without the script every follow-up is
            // on the page, and a child who changed their mind about the question before it has done nothing wrong.
            let response = questionnaire.droppingUnaskedAnswers(Self.response(from: context.form, questionnaire: questionnaire))
            let problems = response.problems(against: questionnaire)
            guard problems.isEmpty else {
                return services.pages.render("questionnaire", Self.formPage(
                    questionnaire, chrome: PageChrome(title: questionnaire.title, context: context, csrf: context.form["csrf"]),
                    action: "/q/\(token)", appliesAction: "/q/\(token)/applies", submitted: context.form,
                    errors: Self.errors(problems, response: response, questionnaire: questionnaire), intro: Self.intro),
                    status: .unprocessableContent)
            }
            do {
                try await evidence.submitQuestionnaire(tokenHash: SessionCookies.hash(token), questionnaire: questionnaire, response: response)
            } catch StoreError.invalid, StoreError.published {
                // A link of an inspection published since it was issued is closed too: the child is not told why.
                throw Self.closed
            }
            return services.pages.render("thanks", ThanksPage(
                chrome: PageChrome(title: "Thank you", context: context),
                message: "Your answers have been sent. Nobody will know which answers were yours. You can close this page."))
        }
        // The form's script sends the answers so far and shows or hides each follow-up as this says; the rule is the one
        // validation uses, so the page never hides a question the server would ask, or shows one it would drop.
        router.post("/q/{token}/applies") { _, context in
            let questionnaire: Questionnaire
            do {
                questionnaire = try await openLink(context)
            } catch let error as WebError {
                return APIResponse.error(error)
            }
            let response = Self.response(from: context.form, questionnaire: questionnaire)
            return try APIResponse.json(ApplicabilityBody(applies: questionnaire.applicability(to: response)))
        }
        inspection.post("evidence/questionnaires/{questionnaire}/links") { request, context in
            let (inspection, access, user) = try context.inspection()
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
            try await evidence.addQuestionnaireLinks(inspection: inspection.id, questionnaireID: questionnaire.id,
                                                           tokenHashes: tokens.map(SessionCookies.hash), expiresAt: expires, actor: user.email)
            let base = Self.publicBase(configuration: services.configuration, request: request)
            return services.pages.render("questionnaire-links", LinksPage(
                chrome: .inspection("Links for \(questionnaire.title)", inspection, access, context, trail: [("Evidence", "/inspections/\(inspection.id)/evidence")]),
                inspection: InspectionSummary(inspection), title: questionnaire.title,
                links: tokens.enumerated().map { LinkView(number: $0.offset + 1, url: "\(base.url)/q/\($0.element)", inputID: "link-\($0.offset + 1)") },
                expires: String(ISO8601DateFormatter().string(from: expires).prefix(10)),
                addressNote: base.configured ? nil
                    : "These links start with the address this page was opened at. If children and victims reach yji at another "
                    + "address, ask whoever runs yji to set it (yji serve --public-url, or YJI_PUBLIC_URL)."))
        }
        inspection.post("evidence/questionnaires/{questionnaire}/import") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.mayManage else { throw WebError.forbidden }
            let questionnaire = try Self.questionnaire(context)
            guard let file = context.form.files["responses"], !file.data.isEmpty else {
                throw WebError.invalid("Choose a CSV file of responses.")
            }
            do {
                try await evidence.importQuestionnaireResponses(
                    inspection: inspection.id, questionnaire: questionnaire, csv: String(decoding: file.data, as: UTF8.self),
                    file: file.name.isEmpty ? "\(questionnaire.id).csv" : file.name, actor: user.email)
            } catch let error as StoreError {
                return try await evidencePage.page(
                    context, inspection, access, errors: FieldErrors.from(error, field: "responses-\(questionnaire.id)"),
                    status: .unprocessableContent)
            }
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence", type: .normal)
        }
        inspection.get("evidence/interviews/new") { _, context in
            let (inspection, access, _) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let staff = try QuestionnaireCatalog.shipped("staff")
            return services.pages.render("questionnaire", Self.formPage(
                staff, chrome: .inspection("Record a staff interview", inspection, access, context, trail: [("Evidence", "/inspections/\(inspection.id)/evidence")]),
                action: "/inspections/\(inspection.id)/evidence/interviews", appliesAction: "", submitted: FormFields(), errors: [],
                intro: "One record per person interviewed. Do not write their name.", submitLabel: "Save interview"))
        }
        inspection.post("evidence/interviews") { _, context in
            let (inspection, access, user) = try context.inspection()
            guard access.maySeeAllCases else { throw WebError.forbidden }
            let staff = try QuestionnaireCatalog.shipped("staff")
            let response = staff.droppingUnaskedAnswers(Self.response(from: context.form, questionnaire: staff))
            let problems = response.problems(against: staff)
            guard problems.isEmpty else {
                return services.pages.render("questionnaire", Self.formPage(
                    staff, chrome: .inspection("Record a staff interview", inspection, access, context, trail: [("Evidence", "/inspections/\(inspection.id)/evidence")]),
                    action: "/inspections/\(inspection.id)/evidence/interviews", appliesAction: "", submitted: context.form,
                    errors: Self.errors(problems, response: response, questionnaire: staff),
                    intro: "One record per person interviewed. Do not write their name.", submitLabel: "Save interview"),
                    status: .unprocessableContent)
            }
            try await evidence.addQuestionnaireResponse(inspection: inspection.id, questionnaire: staff, response: response, actor: user.email)
            return Response.redirect(to: "/inspections/\(inspection.id)/evidence", type: .normal)
        }
    }

    static let closed = WebError(.gone, code: "link-closed",
                                 "This questionnaire link has already been used or has expired. Ask the youth offending service for a new one.")

    /// The questionnaire of the link named in the path, if the link can still be used; unknown links are "not found".
    private func openLink(_ context: WebContext) async throws -> Questionnaire {
        guard let token = context.parameters.get("token"),
              let link = try await evidence.questionnaireLink(tokenHash: SessionCookies.hash(token)) else { throw WebError.notFound() }
        guard link.isOpen() else { throw Self.closed }
        return try QuestionnaireCatalog.shipped(link.questionnaireID)
    }

    static func questionnaire(_ context: WebContext) throws -> Questionnaire {
        guard let id = context.parameters.get("questionnaire"), QuestionnaireCatalog.shippedIDs.contains(id) else { throw WebError.notFound() }
        return try QuestionnaireCatalog.shipped(id)
    }

    static let intro = "Your answers help inspectors judge the youth offending service's work. Do not write your name or anyone else's. "
        + "Answer only what you want to; you can send the form once."

    /// A response from the form's fields, `answer.<question>` for every question (the comment question's is the comment).
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

    /// Problems from validation in the respondent's words: the question they are about, never its id or an option's code.
    static func errors(_ problems: [(subject: String, message: String)], response: QuestionnaireResponse,
                       questionnaire: Questionnaire) -> [FieldError] {
        problems.map { problem in
            guard let question = questionnaire.question(problem.subject) else {
                // Fields the form never offers (someone posting by hand): nothing on the page to point at.
                return FieldError(field: "main", message: "The form sent something it does not ask for. Reload the page and try again.")
            }
            let message: String
            switch (question.kind, response.answers[question.id]) {
            case (_, nil): message = "Answer “\(question.text)”"
            case (.scale(let low, let high), _): message = "For “\(question.text)”, choose a number from \(low) to \(high)"
            default: message = "For “\(question.text)”, choose one of the answers shown"
            }
            return FieldError(field: anchor(question.id), message: message)
        }
    }

    static func anchor(_ id: String) -> String { "q-" + id.replacingOccurrences(of: "_", with: "-") }

    /// The start of every link handed out: the configured public address, else the address this request came to (its
    /// Host header, if it looks like one), else where yji listens. `configured` says which, so the page can tell the lead.
    static func publicBase(configuration: WebConfiguration, request: Request) -> (url: String, configured: Bool) {
        if let url = configuration.publicURL { return (url, true) }
        let scheme = configuration.secureCookies ? "https" : "http"
        let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] ?? ""
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:[]"))
        if !host.isEmpty, host.count <= 255, host.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) {
            return ("\(scheme)://\(host)", false)
        }
        return ("\(scheme)://\(configuration.host):\(configuration.port)", false)
    }

    static func formPage(_ questionnaire: Questionnaire, chrome: PageChrome, action: String, appliesAction: String, submitted: FormFields,
                         errors: [FieldError], intro: String, submitLabel: String = "Send my answers") -> FormPage {
        let byAnchor = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let applicability = questionnaire.applicability(to: response(from: submitted, questionnaire: questionnaire))
        let questions = questionnaire.questions.map { question -> QuestionView in
            let anchor = anchor(question.id)
            let chosen = submitted["answer.\(question.id)"] ?? ""
            var options: [OptionView] = []
            var hint = questionnaire.conditionWording(for: question) ?? ""
            switch question.kind {
            case .choice(let choices):
                options = choices.enumerated().map { index, option in
                    OptionView(value: option.id, label: option.label, inputID: index == 0 ? anchor : "\(anchor)-\(index)",
                               checked: option.id == chosen, isBlank: false)
                }
            case .scale(let low, let high):
                options = (low...high).enumerated().map { index, value in
                    OptionView(value: String(value), label: String(value), inputID: index == 0 ? anchor : "\(anchor)-\(index)",
                               checked: String(value) == chosen, isBlank: false)
                }
                hint = "\(low) means not at all, \(high) means completely." + (hint.isEmpty ? "" : " " + hint)
            case .comment:
                break
            }
            // A radio answer cannot be unticked, so every radio question offers a way back to no answer at all.
            if !options.isEmpty {
                options.append(OptionView(value: "", label: question.required ? "Leave blank for now" : "Prefer not to say",
                                          inputID: "\(anchor)-blank", checked: submitted["answer.\(question.id)"] == "", isBlank: true))
            }
            let isComment: Bool = if case .comment = question.kind { true } else { false }
            return QuestionView(id: question.id, anchor: anchor, text: question.text, isChoice: !isComment, isComment: isComment,
                                options: options, comment: isComment ? chosen : "", hint: hint, error: byAnchor[anchor],
                                isFollowUp: question.appliesWhen != nil, applies: applicability[question.id] ?? true)
        }
        let hasFollowUps = questionnaire.questions.contains { $0.appliesWhen != nil }
        return FormPage(chrome: chrome, title: questionnaire.title, intro: intro, action: action,
                        appliesAction: hasFollowUps ? appliesAction : "", questions: questions, errors: errors, submitLabel: submitLabel)
    }
}

