import ObservatoryIndicators

// libFuzzer target: an indicator formula, as UTF-8 text, lexed and parsed. Built by
// scripts/fuzz, not by SwiftPM.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormula(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let expression = try FormulaParser.parse(text)
        _ = "\(expression)"
    } catch {
        _ = "\(error)"
    }
    return 0
}
