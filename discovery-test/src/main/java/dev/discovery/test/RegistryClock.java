package dev.discovery.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded registry's clock: it stands still until the test moves it, so no lease runs out and no health check
 * comes due on its own.
 */
final class RegistryClock extends Clock {

	private final AtomicReference<Instant> now;

	RegistryClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	static RegistryClock startingNow() {
		return new RegistryClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// The registry works in instants; a zone would only change how they print.
		return this;
	}

}
