/// Maps categories to equal bands of a pixel range, with inner and outer padding (as d3's band scale).
public struct BandScale: Sendable, Equatable {
    /// The categories, in display order.
    public let domain: [String]
    /// Pixel start and end of the whole range.
    public let start: Double, end: Double
    /// Share of a step left empty between bands (0…1).
    public let paddingInner: Double
    /// Share of a step left empty before the first and after the last band.
    public let paddingOuter: Double

    /// A band scale; `padding` sets both inner and outer padding unless `paddingOuter` is given.
    public init(domain: [String], range: (start: Double, end: Double), padding: Double = 0.2,
                paddingOuter: Double? = nil) {
        self.domain = domain
        self.start = range.start
        self.end = range.end
        self.paddingInner = min(max(padding, 0), 0.95)
        self.paddingOuter = max(paddingOuter ?? padding, 0)
    }

    /// Distance between the starts of two neighbouring bands.
    public var step: Double {
        (end - start) / max(1, Double(domain.count) - paddingInner + 2 * paddingOuter)
    }

    /// Thickness of one band.
    public var bandwidth: Double { step * (1 - paddingInner) }

    /// The start of the band of `category`, or `nil` when it is not in the domain.
    public func position(of category: String) -> Double? {
        guard let index = domain.firstIndex(of: category) else { return nil }
        return start + step * (paddingOuter + Double(index))
    }

    /// The centre of the band of `category`, or `nil` when it is not in the domain.
    public func center(of category: String) -> Double? {
        position(of: category).map { $0 + bandwidth / 2 }
    }

    /// The range size a scale needs so that each step is exactly `step` pixels.
    public static func length(count: Int, step: Double, padding: Double, paddingOuter: Double? = nil) -> Double {
        step * (Double(count) - padding + 2 * (paddingOuter ?? padding))
    }
}
