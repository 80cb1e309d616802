import ArgumentParser
import Foundation
import Hummingbird
import Logging
import YJICore
import YJIStore
import YJIWeb

/// Options for where the web application listens.
struct ListenOptions: ParsableArguments {
    @Option(help: "Port to listen on (default: $YJI_PORT, else 8080).")
    var port: Int?

    @Option(help: "Address to listen on (default: $YJI_HOST, else 127.0.0.1; 0.0.0.0 to serve the network).")
    var host: String?

    @Flag(help: "Mark cookies Secure: set when yji is reached over HTTPS.")
    var secureCookies = false

    @Option(help: "Address people reach yji at, put in front of questionnaire links (default: $YJI_PUBLIC_URL, else the request's own).")
    var publicURL: String?

    /// The public address from the flag or the environment; an empty variable counts as unset.
    var givenPublicURL: String? {
        (publicURL ?? ProcessInfo.processInfo.environment["YJI_PUBLIC_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if let url = givenPublicURL, let problem = WebConfiguration.publicURLProblem(url) { throw ValidationError(problem) }
    }

    var configuration: WebConfiguration {
        let environment = ProcessInfo.processInfo.environment
        return WebConfiguration(
            host: host ?? environment["YJI_HOST"] ?? "127.0.0.1",
            port: port ?? environment["YJI_PORT"].flatMap(Int.init) ?? 8080,
            secureCookies: secureCookies || environment["YJI_SECURE_COOKIES"] == "1",
            publicURL: givenPublicURL)
    }

    /// Opens the store and serves until interrupted (Ctrl-C or SIGTERM stop it gracefully).
    func serve(_ store: Store, banner: String) async throws {
        var logger = Logger(label: "yji")
        logger.logLevel = ProcessInfo.processInfo.environment["YJI_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let configuration = configuration
        let app = try await WebApplication.build(store: store, configuration: configuration, logger: logger)
        print(banner)
        print("yji is serving on http://\(configuration.host == "0.0.0.0" ? "localhost" : configuration.host):\(configuration.port)/ (Ctrl-C to stop)")
        try await app.runService()
    }
}

/// `yji serve`: the web application on a store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the web application and JSON API.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var listen: ListenOptions

    func run() async throws {
        try await store.withStore { store in
            if try await store.accounts.users().isEmpty {
                print("No users yet: add one with `yji user add --email ... --role admin`.")
            }
            try await listen.serve(store, banner: "Database: \(store.location)")
        }
    }
}

/// `yji user add|list`: the people who sign in.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add and list users.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user. The password is read from $YJI_PASSWORD, or from standard input.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Their email address (they sign in with it).") var email: String
        @Option(help: "admin, lead-inspector, inspector, local-assessor or service-viewer.") var role: String
        @Option(help: "Display name, also the name allocations use (default: the part of the email before @).") var name: String = ""
        @Option(help: "For a service viewer: the area (service) they belong to.") var area: String?

        func run() async throws {
            guard let userRole = UserRole(rawValue: role) else {
                Terminal.fail("--role: '\(role)' is not one of \(UserRole.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitStatus.dataError
            }
            let password = ProcessInfo.processInfo.environment["YJI_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            if let problem = Passwords.problem(with: password) {
                Terminal.fail("password: \(problem)")
                throw ExitStatus.dataError
            }
            let user = try await store.withStore {
                try await $0.accounts.addUser(email: email, name: name, role: userRole, passwordHash: Passwords.hash(password),
                                     areaName: area, actor: store.actorName)
            }
            print("added \(user.email) (\(user.role.label))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for user in try await store.withStore({ try await $0.accounts.users() }) {
                print("\(user.email)\t\(user.role.rawValue)\t\(user.name)")
            }
        }
    }
}
