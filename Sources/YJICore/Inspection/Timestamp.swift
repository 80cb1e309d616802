import Foundation

/// A moment as yji records it: ISO 8601 in UTC with milliseconds, which sorts correctly as text in both database engines.
package func isoTimestamp(_ date: Date = Date()) -> String {
    Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
}
