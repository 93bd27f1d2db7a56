import Foundation
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// The arithmetic of a follow-up on invented values: intervals stay intervals, directions and
/// targets are told from the whole interval, estimates stay marked.
@Suite struct FollowUpMathTests {
    @Test func theChangeOfTwoIntervalsIsAnInterval() {
        // [a, b] from [c, d] = [a − d, b − c]
        let change = FollowUpMath.change(from: Reading(lower: 100, upper: 120, maskedCells: 5), to: Reading(lower: 130, upper: 140, maskedCells: 2))
        #expect(change.lower == 10 && change.upper == 40 && change.maskedCells == 7 && change.status == "masked")
        #expect(FollowUpMath.direction(of: change) == .up)
        let exact = FollowUpMath.change(from: .exact(8.2), to: .exact(7.9))
        #expect(abs(exact.lower! + 0.3) < 1e-12 && exact.lower == exact.upper && exact.status == "ok")
        #expect(FollowUpMath.changeText(exact, unit: .points) == "\u{2212}0,3\u{00A0}pt")
    }

    @Test func anUnknownBoundStaysUnknown() {
        // A masked cell without a bound: at least 50, no upper end.
        let change = FollowUpMath.change(from: .exact(40), to: Reading(lower: 50, upper: nil, maskedCells: 1))
        #expect(change.lower == 10 && change.upper == nil)
        #expect(FollowUpMath.direction(of: change) == .up)
        #expect(FollowUpMath.changeText(change, unit: .count) == "au moins +10 (1 cellule masquée)")
        let fromOpen = FollowUpMath.change(from: Reading(lower: 50, upper: nil, maskedCells: 1), to: .exact(60))
        #expect(fromOpen.lower == nil && fromOpen.upper == 10 && FollowUpMath.direction(of: fromOpen) == .undetermined)
        #expect(FollowUpMath.changeText(fromOpen, unit: .count) == "au plus +10 (1 cellule masquée)")
    }

    @Test func noValueOnEitherSideGivesNoChangeNeverZero() {
        let change = FollowUpMath.change(from: Reading(lower: nil, upper: nil, missing: "division by zero"), to: .exact(3))
        #expect(!change.hasValue && change.lower == nil && change.status == "no_value")
        #expect(FollowUpMath.direction(of: change) == .noValue)
        #expect(FollowUpMath.changeText(change, unit: .count).hasPrefix("pas de valeur"))
    }

    @Test func anEstimateStaysAnEstimate() {
        let change = FollowUpMath.change(from: Reading(lower: 7.0, upper: 7.0, approximate: true), to: .exact(6.5))
        #expect(change.approximate && change.status == "approximate")
        #expect(FollowUpMath.changeText(change, unit: .points).hasPrefix("≈ "))
        let difference = FollowUpMath.difference(change, .exact(-0.2))
        #expect(difference.approximate && abs(difference.lower! + 0.3) < 1e-12)
    }

    @Test func theDifferenceInChangesOfIntervals() {
        // Territory +[10, 40], région +[−5, 5]: the territory rose by [5, 45] more.
        let difference = FollowUpMath.difference(Reading(lower: 10, upper: 40), Reading(lower: -5, upper: 5))
        #expect(difference.lower == 5 && difference.upper == 45)
        #expect(FollowUpMath.direction(of: Reading(lower: -3, upper: 4)) == .undetermined)
        #expect(FollowUpMath.direction(of: .exact(1e-12)) == .stable, "rounding residues are no move")
        #expect(FollowUpMath.direction(of: .exact(-2)) == .down)
    }

    @Test(arguments: [
        // (target value, direction, latest lower, latest upper, expected)
        (Optional(25.0), DemarcheDefinition.Direction.down, 20.0, Optional(24.0), TargetStatus.met),
        (25.0, .down, 24.0, 27.0, .undetermined),
        (25.0, .down, 26.0, 27.0, .notMet),
        (25.0, .down, 26.0, nil, .notMet),
        (25.0, .up, 24.0, nil, .undetermined),
        (25.0, .up, 25.0, 25.0, .met),
        (25.0, .up, 20.0, 24.0, .notMet),
    ])
    func aLevelTargetAgainstTheWholeInterval(value: Double?, direction: DemarcheDefinition.Direction, lower: Double, upper: Double?,
                                              expected: TargetStatus) {
        let target = DemarcheDefinition.Target(value: value, direction: direction)
        #expect(FollowUpMath.target(target, latest: Reading(lower: lower, upper: upper), change: .exact(0)) == expected)
    }

    @Test func aDirectionTargetAgainstTheChange() {
        let down = DemarcheDefinition.Target(direction: .down)
        #expect(FollowUpMath.target(down, latest: .exact(1), change: .exact(-2)) == .met)
        #expect(FollowUpMath.target(down, latest: .exact(1), change: .exact(0)) == .notMet, "stable is not a fall")
        #expect(FollowUpMath.target(down, latest: .exact(1), change: Reading(lower: -3, upper: 2)) == .undetermined)
        #expect(FollowUpMath.target(down, latest: .exact(1), change: Reading(lower: 0, upper: 2)) == .notMet)
        #expect(FollowUpMath.target(.init(direction: .up), latest: .exact(1), change: Reading(lower: nil, upper: nil, missing: "x")) == .noValue)
        #expect(FollowUpMath.targetText(.met, approximate: true) == "atteint (sur une valeur approchée)")
    }
}
