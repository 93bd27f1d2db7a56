import Foundation
@testable import ObservatoryFetch
import Testing

/// The bound on transfers in flight: never more at once, every waiter served, in order.
@Suite struct TransferSlotsTests {
    actor Tally {
        private(set) var inFlight = 0
        private(set) var most = 0
        private(set) var order: [Int] = []
        func enter(_ index: Int) { inFlight += 1; most = max(most, inFlight); order.append(index) }
        func leave() { inFlight -= 1 }
    }

    @Test func neverMoreThanTheSlotsAndEveryoneServed() async {
        let slots = TransferSlots(3)
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    await slots.acquire()
                    await tally.enter(index)
                    try? await Task.sleep(nanoseconds: 2_000_000)
                    await tally.leave()
                    await slots.release()
                }
            }
        }
        #expect(await tally.most == 3)
        #expect(await tally.order.count == 20)
        #expect(await tally.inFlight == 0)
    }

    @Test func waitersAreServedInTheOrderTheyCame() async {
        let slots = TransferSlots(1)
        await slots.acquire()
        let tally = Tally()
        var waiters: [Task<Void, Never>] = []
        for index in 0..<5 {
            waiters.append(Task {
                await slots.acquire()
                await tally.enter(index)
                await tally.leave()
                await slots.release()
            })
            // Let each one queue before the next.
            while await slots.waiting < index + 1 { await Task.yield() }
        }
        await slots.release()
        for waiter in waiters { await waiter.value }
        #expect(await tally.order == [0, 1, 2, 3, 4])
    }
}
