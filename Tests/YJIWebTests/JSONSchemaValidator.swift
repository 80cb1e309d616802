import Foundation

/// A parsed JSON value that keeps the distinctions JSON Schema needs: null versus absent, booleans versus numbers,
/// and integers versus other numbers.
enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(Double(value))
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses JSON text (any value at the top level).
    init(data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var int: Int? {
        if case .number(let value) = self, value.rounded() == value { return Int(value) }
        return nil
    }

    /// The JSON Schema type names this value is an instance of ("integer" values are also "number").
    var schemaTypes: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .number(let value): value.rounded() == value && value.isFinite ? ["number", "integer"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): "\"\(value)\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]!)" }.joined(separator: ",") + "}"
        }
    }
}

/// One way a value breaks a schema: where (a JSON path such as `$.questions[3].percent`) and what.
struct SchemaProblem: Sendable, Equatable, CustomStringConvertible {
    let path: String
    let message: String
    var description: String { "\(path): \(message)" }
}

/// A small JSON Schema (2020-12) validator for the keywords yji's OpenAPI document uses: `type` (a name or a list of
/// names), `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`, `const`, `minimum`,
/// `allOf`, `anyOf`, `oneOf` and `$ref` into the same document. Annotations (`description`, `format`, ...) are
/// ignored; any other keyword is reported as a problem, so the document cannot rely on a check that does not run.
struct JSONSchemaValidator: Sendable {
    /// The document `$ref`s point into (`#/components/schemas/...`).
    let root: JSONValue

    static let keywords: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum",
        "allOf", "anyOf", "oneOf",
    ]
    static let annotations: Set<String> = [
        "description", "format", "title", "summary", "examples", "example", "default", "$comment", "deprecated",
        "readOnly", "writeOnly",
    ]

    init(root: JSONValue) { self.root = root }

    /// Every way `value` breaks `schema`; empty when it conforms.
    func validate(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [SchemaProblem] {
        var problems: [SchemaProblem] = []
        validate(value, schema, path, depth: 0, into: &problems)
        return problems
    }

    /// Resolves a local reference such as `#/components/schemas/Judgement` (a JSON pointer within `root`).
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = root
        for token in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[key] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Keywords in `schema` (and the schemas nested in it, not following `$ref`s) that this validator does not check.
    func unsupportedKeywords(in schema: JSONValue, at path: String = "#") -> [String] {
        guard case .object(let members) = schema else { return [] }
        var found: [String] = []
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            if !Self.keywords.contains(key) && !Self.annotations.contains(key) { found.append("\(path)/\(key)") }
            switch key {
            case "properties":
                for (name, sub) in value.object ?? [:] { found += unsupportedKeywords(in: sub, at: "\(path)/properties/\(name)") }
            case "items", "additionalProperties":
                found += unsupportedKeywords(in: value, at: "\(path)/\(key)")
            case "allOf", "anyOf", "oneOf":
                for (index, sub) in (value.array ?? []).enumerated() { found += unsupportedKeywords(in: sub, at: "\(path)/\(key)/\(index)") }
            default:
                break
            }
        }
        return found
    }

    private func child(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(key.first?.isNumber ?? false)
        return plain ? "\(path).\(key)" : "\(path)[\"\(key)\"]"
    }

    private func validate(_ value: JSONValue, _ schema: JSONValue, _ path: String, depth: Int, into problems: inout [SchemaProblem]) {
        guard depth < 64 else {
            problems.append(SchemaProblem(path: path, message: "schema nests too deeply (a $ref cycle?)"))
            return
        }
        switch schema {
        case .bool(true): return
        case .bool(false):
            problems.append(SchemaProblem(path: path, message: "no value is allowed here"))
            return
        case .object: break
        default:
            problems.append(SchemaProblem(path: path, message: "the schema is not an object or boolean: \(schema)"))
            return
        }
        let keywords = schema.object!

        for key in keywords.keys.sorted() where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            problems.append(SchemaProblem(path: path, message: "unsupported schema keyword '\(key)'"))
        }

        if let reference = keywords["$ref"] {
            if let target = reference.string.flatMap(resolve) {
                validate(value, target, path, depth: depth + 1, into: &problems)
            } else {
                problems.append(SchemaProblem(path: path, message: "unresolvable $ref \(reference)"))
            }
        }

        if let type = keywords["type"] {
            let allowed: [String] = type.string.map { [$0] } ?? (type.array ?? []).compactMap(\.string)
            if value.schemaTypes.isDisjoint(with: allowed) {
                problems.append(SchemaProblem(path: path, message: "expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value)) \(Self.excerpt(value))"))
                // Further keywords would only repeat the same complaint in other words.
                return
            }
        }

        if let options = keywords["enum"]?.array, !options.contains(value) {
            problems.append(SchemaProblem(path: path, message: "\(Self.excerpt(value)) is not one of \(options.map(\.description).joined(separator: ", "))"))
        }
        if let constant = keywords["const"], constant != value {
            problems.append(SchemaProblem(path: path, message: "\(Self.excerpt(value)) is not \(constant)"))
        }
        if let minimum = keywords["minimum"], case .number(let bound) = minimum, case .number(let number) = value, number < bound {
            problems.append(SchemaProblem(path: path, message: "\(Self.excerpt(value)) is less than the minimum \(minimum)"))
        }

        if case .object(let members) = value {
            let properties = keywords["properties"]?.object ?? [:]
            for name in (keywords["required"]?.array ?? []).compactMap(\.string) where members[name] == nil {
                problems.append(SchemaProblem(path: path, message: "required property '\(name)' is missing"))
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[name] {
                    validate(member, sub, child(path, name), depth: depth + 1, into: &problems)
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append(SchemaProblem(path: child(path, name), message: "property '\(name)' is not allowed"))
                    } else {
                        validate(member, additional, child(path, name), depth: depth + 1, into: &problems)
                    }
                }
            }
        }

        if case .array(let items) = value, let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() {
                validate(item, itemSchema, "\(path)[\(index)]", depth: depth + 1, into: &problems)
            }
        }

        if let all = keywords["allOf"]?.array {
            for sub in all { validate(value, sub, path, depth: depth + 1, into: &problems) }
        }
        if let any = keywords["anyOf"]?.array {
            let outcomes = any.map { validate(value, against: $0, at: path) }
            if !outcomes.contains(where: \.isEmpty) {
                problems.append(SchemaProblem(path: path, message: "matches none of anyOf: " + Self.summary(outcomes)))
            }
        }
        if let one = keywords["oneOf"]?.array {
            let outcomes = one.map { validate(value, against: $0, at: path) }
            let matches = outcomes.filter(\.isEmpty).count
            if matches == 0 {
                problems.append(SchemaProblem(path: path, message: "matches none of oneOf: " + Self.summary(outcomes)))
            } else if matches > 1 {
                problems.append(SchemaProblem(path: path, message: "matches \(matches) of oneOf, exactly one expected"))
            }
        }
    }

    private static func summary(_ outcomes: [[SchemaProblem]]) -> String {
        outcomes.enumerated().map { "[\($0.offset)] " + $0.element.map(\.description).joined(separator: "; ") }.joined(separator: " | ")
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number(let number): number.rounded() == number ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func excerpt(_ value: JSONValue) -> String {
        let text = value.description
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
