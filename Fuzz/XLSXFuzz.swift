import Foundation
@testable import ObservatoryData

// libFuzzer target: the XML of a worksheet part (and the same bytes as a sharedStrings part),
// fed to XMLChunkFeeder in chunks of 1 to 4 081 bytes (the first input byte picks the size), as
// the XLSX reader feeds inflated data. Built by scripts/fuzz, not by SwiftPM.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let chunk = 1 + Int(start[0]) * 16
    let body = Data(bytes: start + 1, count: count - 1)
    func feed(_ handler: (UnsafePointer<UInt8>, XMLByteScanner.Token) throws -> Bool) {
        var feeder = XMLChunkFeeder(maxTokenBytes: 64 << 10)
        do {
            var offset = 0
            while offset < body.count {
                try feeder.feed(body.subdata(in: offset..<min(offset + chunk, body.count)), final: false, handler)
                offset += chunk
            }
            try feeder.feed(Data(), final: true, handler)
        } catch {
            let message = "\(error)"
            precondition(message.utf8.count < 4096, "an error message of \(message.utf8.count) bytes")
        }
    }
    var sheet = WorksheetParser(sharedStrings: ["a", "b", "c"], dateStyles: [false, true, false])
    var cells = 0
    feed { base, token in try sheet.handle(base, token) { _, row in cells += row.count } }
    var strings = SharedStringsParser()
    feed { base, token in try strings.handle(base, token) }
    return 0
}
