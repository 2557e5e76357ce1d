import Foundation
import Testing
@testable import Tabular

/// The file name every in-memory test reads under.
let testSource = "t.csv"

/// Reads `text` as UTF-8 bytes.
func readCSV(_ text: String, _ options: CSVReadOptions = .init()) throws(TabularError)
    -> CSVDocument {
    try CSVReader.read(data: Data(text.utf8), source: testSource, options: options)
}

/// Reads raw bytes.
func readCSV(bytes: [UInt8], _ options: CSVReadOptions = .init()) throws(TabularError)
    -> CSVDocument {
    try CSVReader.read(data: Data(bytes), source: testSource, options: options)
}

/// The error reading `bytes` throws, or nil when it reads.
func readError(bytes: [UInt8], _ options: CSVReadOptions = .init()) -> TabularError? {
    do {
        _ = try readCSV(bytes: bytes, options)
        return nil
    } catch {
        return error
    }
}

/// The error reading `text` throws, as `file:line: message`, or nil when it reads.
func readErrorText(_ text: String, _ options: CSVReadOptions = .init()) -> String? {
    readError(bytes: Array(text.utf8), options)?.description
}

/// The scalars of a string: Swift `==` treats NFC and NFD as equal, so tests compare these.
func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}
