import Foundation
import ObservatoryData

// libFuzzer target: the bytes of a delimited file, read by CSVReader with a 4 KiB chunk (so
// records cross chunk boundaries) and a 64 KiB record limit, once detected and once declared
// windows-1252 with ';'. Built by scripts/fuzz, not by SwiftPM.

private let path = "/dev/shm/observatory-fuzz-csv-\(getpid()).csv"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
    let url = URL(fileURLWithPath: path)
    for options in [CSVReader.Options(chunkSize: 4096, maxRecordBytes: 64 << 10),
                    CSVReader.Options(delimiter: ";", encoding: .windows1252, chunkSize: 4096, maxRecordBytes: 64 << 10)] {
        let reader = CSVReader(url: url, options: options)
        _ = try? reader.dialect()
        var cells = 0
        do {
            try reader.forEachRowNotingEnd { _, row, _ in cells += row.count }
        } catch {
            // Messages quote the input: they must stay short whatever the input.
            let message = "\(error)"
            precondition(message.utf8.count < 4096, "an error message of \(message.utf8.count) bytes")
        }
    }
    return 0
}
