package dev.discovery.server.snapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code journal} in {@code /actuator/health}: {@code UP} while changes are written to disk, {@code DOWN} while they
 * cannot be (a full disk, an I/O error) and the registry serves what it holds read-only. Readiness is not affected:
 * reads and heartbeats go on.
 */
final class JournalHealthIndicator extends AbstractHealthIndicator {

	private final FileJournal journal;

	JournalHealthIndicator(FileJournal journal) {
		super("journal health check failed");
		this.journal = journal;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Throwable failure = this.journal.failure();
		builder.status((failure != null) ? "DOWN" : "UP")
			.withDetail("written", this.journal.written())
			.withDetail("synced", this.journal.synced());
		if (failure != null) {
			builder.withDetail("mode", "read-only: writes answer 503 until the journal can be written, retried every second")
				.withDetail("reason", String.valueOf(failure.getMessage()));
		}
	}

}
