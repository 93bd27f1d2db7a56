import ArgumentParser
import Foundation
import Observatory

/// The run lock of the commands that write (refresh, fetch, ingest, compute, export).
struct RunLockOptions: ParsableArguments {
    @Flag(help: "If another observatory run holds this project's lock, wait for it to end instead of failing.")
    var wait = false

    /// Takes the project's lock, or ends the command (exit 1) naming the run that holds it.
    func acquire(_ layout: ProjectLayout, command: String) throws -> RunLock {
        do {
            return try RunLock.acquire(layout, command: command, wait: wait) { holder in
                printError("waiting for " + (holder.map { "pid \($0.pid) (\($0.command), started at \($0.startedAt))" } ?? "another run")
                           + " to release the lock on \(layout.root.path)")
            }
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
