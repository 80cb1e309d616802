import Foundation
import Hummingbird
import Mustache

/// Renders the Mustache templates shipped in the package into HTML responses.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template in the module's `Templates` folder; a template that does not parse stops start-up.
    public static func load() async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WebError(.internalServerError, code: "templates", "yji's page templates are missing from its resources")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.path))
    }

    /// The page as an HTML response; a template that does not exist is a programming error reported as a 500.
    func render(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(page, withTemplate: template) ?? "<!doctype html><title>yji</title><p>Page template \(template) is missing."
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// What every page shows around its content: title, who is signed in, navigation and the CSRF token for forms.
struct PageChrome {
    struct NavItem {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let userName: String?
    let roleLabel: String?
    let csrf: String
    let nav: [NavItem]
    /// A one-line confirmation shown at the top ("Answers saved").
    let notice: String?
    /// Breadcrumbs back up the hierarchy.
    let breadcrumbs: [NavItem]

    init(title: String, context: WebContext, csrf: String? = nil, notice: String? = nil, breadcrumbs: [(String, String)] = [],
         section: String = "") {
        self.title = title
        userName = context.session?.user.name
        roleLabel = context.session?.user.role.label
        self.csrf = csrf ?? context.session?.csrfToken ?? ""
        self.notice = notice
        self.breadcrumbs = breadcrumbs.map { NavItem(label: $0.0, href: $0.1, current: false) }
        var items: [NavItem] = []
        if let user = context.session?.user {
            items.append(NavItem(label: "Inspections", href: "/inspections", current: section == "inspections"))
            if [.leadInspector, .inspector, .localAssessor].contains(user.role) {
                items.append(NavItem(label: "My cases", href: "/my-cases", current: section == "my-cases"))
            }
            if user.role == .admin { items.append(NavItem(label: "Users", href: "/users", current: section == "users")) }
        }
        nav = items
    }
}

/// A page that only explains what went wrong.
struct ErrorPage {
    let chrome: PageChrome
    let message: String
}

/// One problem in a GOV.UK-style error summary, linking to the field it is about.
struct FieldError {
    let field: String
    let message: String
    /// Where the summary links to: the field's id on this page, or a full link to another page's field.
    let href: String

    init(field: String, message: String) {
        self.field = field
        // Store messages start in lower case to read well after "FILE:LINE:"; a summary line starts a sentence. A message
        // that starts with a file position ("caseload.csv:2: ...") keeps the file name as it is.
        let firstWord = message.prefix { $0 != " " }
        self.message = firstWord.contains(":") ? message : message.prefix(1).uppercased() + message.dropFirst()
        href = field.contains("#") ? field : "#" + field
    }
}
