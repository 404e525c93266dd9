import AuditTrail
import Logging
import ServiceLifecycle

/// Signs a checkpoint every `interval` when the log grew, and a last one at graceful shutdown, so
/// every entry the gateway answered for is covered by a signed checkpoint.
public struct CheckpointService: Service {
    public let log: AuditLog
    public let interval: Duration
    public let logger: Logger

    public init(log: AuditLog, interval: Duration, logger: Logger) {
        self.log = log
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    if let checkpoint = try await log.checkpoint() {
                        logger.debug("audit checkpoint", metadata: ["tree_size": .stringConvertible(checkpoint.size)])
                    }
                } catch {
                    logger.error("audit checkpoint failed", metadata: ["error": .string("\(error)")])
                }
            }
        }
        if let checkpoint = try await log.flushAndCheckpoint() {
            logger.info("audit checkpoint at shutdown", metadata: ["tree_size": .stringConvertible(checkpoint.size)])
        }
    }
}
