import Foundation

/// Converts spreadsheet serial day numbers (``Cell/date(serial:)``) to dates.
///
/// In the 1900 system (the default) serial 1 is 1900-01-01 and serial 61 is 1900-03-01:
/// Excel counts a 29 February 1900 that never existed (serial 60), kept for Lotus 1-2-3
/// compatibility. In the 1904 system (old Mac workbooks, ``XLSXReader/usesDate1904``) serial 0
/// is 1904-01-01. The fraction is the time of day. Dates are returned in UTC, as spreadsheet
/// dates carry no time zone.
public enum ExcelDate {
    /// The date and time of a serial number, in UTC; `nil` for serial 60 of the 1900 system
    /// (the fictitious 29 February 1900), for negative or non-finite values.
    public static func date(fromSerial serial: Double, uses1904: Bool = false) -> Date? {
        guard serial.isFinite, serial >= 0 else { return nil }
        let days: Double
        if uses1904 {
            days = serial + 1462 // 1904-01-01 is serial 1462 of the 1900 system
        } else {
            if serial >= 60 && serial < 61 { return nil }
            days = serial < 60 ? serial + 1 : serial
        }
        // Serial 25569 (1900 system, bug included) is 1970-01-01.
        let seconds = (days - 25569) * 86_400
        return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
    }

    /// Year, month, day (and hour, minute, second) of a serial number, in UTC.
    public static func components(fromSerial serial: Double, uses1904: Bool = false) -> DateComponents? {
        guard let date = date(fromSerial: serial, uses1904: uses1904) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}
