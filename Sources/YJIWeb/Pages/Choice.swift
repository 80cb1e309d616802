/// One option of a select or radio group, as every template reads it.
struct Choice {
    let value: String
    let label: String
    let selected: Bool
}
