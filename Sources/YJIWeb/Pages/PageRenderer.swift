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
        let html = library.render(ReflectedFields.wrap(page), withTemplate: template)
            ?? "<!doctype html><title>yji</title><p>Page template \(template) is missing."
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}

/// A view model's stored properties as a dictionary, read by reflection once per value and only if a template looks
/// inside it.
///
/// swift-mustache finds `{{name}}` in a plain Swift value by building a `Mirror` and searching its children on every
/// lookup, including each miss on the way up the context stack; on the case assessment page that was most of the
/// server's CPU. Wrapped this way a lookup is a hash, and the output is the same: a nil optional property is absent (so
/// the lookup carries on up the stack, as before), arrays of view models become arrays of wrapped values (so
/// `empty(...)`, `count(...)` and sections work unchanged), and a wrapped value prints as the value itself.
/// Values that take part in Mustache's own protocols (strings, numbers, dictionaries, lambdas, custom renderables) and
/// enums and tuples are left as they are. One render uses its wrappers from one thread, so they need no lock.
final class ReflectedFields: MustacheParent, CustomStringConvertible {
    private let value: Any
    private let kinds: ReflectedKinds
    private var fields: [String: Any]?

    private init(_ value: Any, kinds: ReflectedKinds) {
        self.value = value
        self.kinds = kinds
    }

    /// `value` ready for rendering: wrapped if it is a struct or class a template may look inside, else as it is.
    static func wrap(_ value: Any) -> Any {
        let kinds = ReflectedKinds()
        return prepared(value, kinds) ?? value
    }

    /// The wrapped form of `value`, or nil if it is rendered as it is. An array comes back with its elements wrapped,
    /// or as nil if none needed it, so that transforms that need the element type (`sorted`) still work on arrays of
    /// strings or numbers.
    private static func prepared(_ value: Any, _ kinds: ReflectedKinds) -> Any? {
        switch kinds.kind(of: value) {
        case .asIs:
            return nil
        case .object:
            return ReflectedFields(value, kinds: kinds)
        case .optional:
            // One level of optional removed, as swift-mustache's own lookup does.
            guard let present = (value as? ReflectedOptional)?.wrappedValue else { return nil }
            return prepared(present, kinds) ?? present
        case .array:
            guard let array = value as? [Any] else { return nil }
            var wrapped: [Any] = []
            wrapped.reserveCapacity(array.count)
            var changed = false
            for element in array {
                if let item = prepared(element, kinds) {
                    wrapped.append(item)
                    changed = true
                } else {
                    wrapped.append(element)
                }
            }
            return changed ? wrapped : nil
        }
    }

    func child(named name: String) -> Any? {
        if let fields { return fields[name] }
        var read: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            if kinds.kind(of: child.value) == .optional {
                // An empty optional is no property at all, so the lookup carries on up the stack.
                guard let present = (child.value as? ReflectedOptional)?.wrappedValue else { continue }
                read[label] = Self.prepared(present, kinds) ?? present
            } else {
                read[label] = Self.prepared(child.value, kinds) ?? child.value
            }
        }
        fields = read
        return read[name]
    }

    var description: String { String(describing: value) }
}

/// How a value of each type is prepared, decided once per type for a render: asking the runtime whether a type
/// conforms to a protocol costs a lookup each time, and a page holds thousands of values of a few dozen types.
private final class ReflectedKinds {
    enum Kind {
        case asIs, object, optional, array
    }

    private var kinds: [ObjectIdentifier: Kind] = [:]

    func kind(of value: Any) -> Kind {
        let type = ObjectIdentifier(Swift.type(of: value))
        if let known = kinds[type] { return known }
        let kind = Self.decide(value)
        kinds[type] = kind
        return kind
    }

    private static func decide(_ value: Any) -> Kind {
        // Optional first: a cast to String or a protocol would look through it.
        if value is ReflectedOptional { return .optional }
        switch value {
        case is String, is Bool, is Int, is Double, is Float, is Substring, is Character:
            return .asIs
        case is [Any]:
            return .array
        case is MustacheParent, is MustacheCustomRenderable, is MustacheLambda, is MustacheTransformable,
             is MustacheCustomRepresentation:
            return .asIs
        default:
            switch Mirror(reflecting: value).displayStyle {
            case .struct?, .class?: return .object
            default: return .asIs
            }
        }
    }
}

/// Any optional, so a property's value can be unwrapped without a second `Mirror`.
private protocol ReflectedOptional {
    var wrappedValue: Any? { get }
}

extension Optional: ReflectedOptional {
    fileprivate var wrappedValue: Any? { self }
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
            items.append(NavItem(label: "Programmes", href: "/programmes/cci/benchmark", current: section == "programmes"))
            if user.role == .admin || user.role == .leadInspector {
                items.append(NavItem(label: "Improvement plans", href: "/plans", current: section == "plans"))
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
    /// Where the summary links to: the field's id on this page, or a link to another page (or to a field on it).
    let href: String

    init(field: String, message: String) {
        self.field = field
        // Store messages start in lower case to read well after "FILE:LINE:"; a summary line starts a sentence. A message
        // that starts with a file position ("caseload.csv:2: ...") keeps the file name as it is.
        let firstWord = message.prefix { $0 != " " }
        self.message = firstWord.contains(":") ? message : message.prefix(1).uppercased() + message.dropFirst()
        href = field.contains("#") || field.hasPrefix("/") ? field : "#" + field
    }
}
