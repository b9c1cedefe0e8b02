package dev.discovery.server.snapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.discovery.server.MutableClock;
import dev.discovery.server.store.MemoryStore;

import static dev.discovery.server.snapshot.Journals.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal's writer is one thread that every write waits for. An Error on it (an OutOfMemoryError, injected here
 * where the writer reads its settings between batches) must count as a failed write that the thread retries, not end
 * the thread: otherwise no later write is ever acknowledged.
 */
class JournalWriterFailureTests {

	@TempDir
	Path dir;

	private final MutableClock clock = new MutableClock();

	private FileJournal journal;

	@AfterEach
	void halt() {
		if (this.journal != null) {
			this.journal.halt();
		}
	}

	@Test
	void anErrorOnTheWriterThreadShouldBeRetriedAndLaterWritesAcknowledged() {
		ErringSettings settings = new ErringSettings();
		settings.setPath(this.dir.resolve("registry-snapshot.json"));
		settings.setWriteTimeout(Duration.ofSeconds(2));
		MemoryStore store = start(settings);
		register(store, "pay-1");
		settings.erring.set(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> !settings.erring.get());
		// Writes answer 503 while the writer retries (once a second); then they are acknowledged again.
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> register(store, "pay-2"));
		this.journal.halt();
		MemoryStore restarted = start(settings);
		assertThat(restarted.instances("pay", false)).extracting((instance) -> instance.id())
			.containsExactlyInAnyOrder("pay-1", "pay-2");
	}

	private MemoryStore start(SnapshotProperties settings) {
		this.journal = new FileJournal(settings, Journals.VALIDATOR, this.clock);
		return Journals.recovered(this.clock, this.journal);
	}

	/** Settings whose compaction threshold, read by the writer thread between batches, throws an Error once. */
	private static final class ErringSettings extends SnapshotProperties {

		final AtomicBoolean erring = new AtomicBoolean();

		@Override
		public DataSize getCompactAfter() {
			if (this.erring.compareAndSet(true, false)) {
				throw new OutOfMemoryError("Java heap space (injected)");
			}
			return super.getCompactAfter();
		}

	}

}
