package dev.discovery.server.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.StoreUnavailableException;
import dev.discovery.server.store.MemoryStore;

import static dev.discovery.server.snapshot.Journals.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A registry restarted where its baseline snapshot cannot be written (a full disk: "No space left on device") must
 * start and serve what it restored read-only, refuse writes with 503 until the snapshot can be written, and then take
 * writes again, rather than crash-loop. The write is made to fail here by a directory where the snapshot's temporary
 * file goes, which fails the same write, with the same handling, as a full disk does (checked by hand on a full
 * tmpfs: docs/security.md).
 */
class FullDiskStartTests {

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
	void aRegistryThatCannotWriteItsBaselineShouldServeReadOnlyAndTakeWritesOnceItCan() throws IOException {
		MemoryStore first = start();
		register(first, "pay-1");
		register(first, "pay-2");
		this.journal.halt();
		Path blocker = this.dir.resolve(".registry-snapshot.json.tmp");
		Files.createDirectories(blocker.resolve("full"));

		MemoryStore restarted = start();
		assertThat(restarted.recovery().restored()).isTrue();
		assertThat(restarted.instances("pay", false)).hasSize(2);
		assertThat(this.journal.failing()).isTrue();
		assertThat(new JournalHealthIndicator(this.journal).health(true).getStatus().getCode()).isEqualTo("DOWN");
		assertThat(restarted.heartbeat("pay", "pay-1").id()).isEqualTo("pay-1");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> register(restarted, "pay-3"));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> restarted.deregister("pay", "pay-1"));
		assertThat(restarted.instances("pay", false)).hasSize(2);

		FileSystemUtils.deleteRecursively(blocker);
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> register(restarted, "pay-3"));
		assertThat(this.journal.failing()).isFalse();
		assertThat(new JournalHealthIndicator(this.journal).health(true).getStatus().getCode()).isEqualTo("UP");
		restarted.deregister("pay", "pay-1");
		this.journal.halt();

		MemoryStore again = start();
		assertThat(again.instances("pay", false)).extracting((instance) -> instance.id())
			.containsExactlyInAnyOrder("pay-2", "pay-3");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aSnapshotThatRunsOutOfSpaceShouldNotFailTheStart() throws IOException {
		assumeTrue(Files.isWritable(Path.of("/dev/full")), "/dev/full, which answers every write with ENOSPC");
		MemoryStore first = start();
		register(first, "pay-1");
		this.journal.halt();
		// The real error, from the real write: Jackson wraps it, and it must still be taken for a failed write.
		Files.createSymbolicLink(this.dir.resolve(".registry-snapshot.json.tmp"), Path.of("/dev/full"));

		MemoryStore restarted = start();
		assertThat(restarted.instances("pay", false)).hasSize(1);
		// The failed write removed the link, as it removes a half-written file: the retry writes the baseline.
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> register(restarted, "pay-2"));
		this.journal.halt();
		assertThat(start().instances("pay", false)).hasSize(2);
	}

	@Test
	void aSegmentLeftByARollThatFailedShouldNotStopTheJournal() throws IOException {
		SnapshotProperties settings = settings();
		settings.setCompactAfter(DataSize.ofBytes(2000));
		MemoryStore store = start(settings);
		register(store, "pay-0");
		long current;
		try (Stream<Path> files = Files.list(this.dir)) {
			current = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.startsWith("registry-snapshot.json.journal."))
				.mapToLong((name) -> Long.parseLong(name.substring(name.lastIndexOf('.') + 1)))
				.max()
				.orElseThrow();
		}
		// What a roll on a full disk leaves: the next segment created, its first line never written.
		Files.createFile(this.dir.resolve("registry-snapshot.json.journal." + (current + 1)));
		for (int i = 1; i <= 30; i++) {
			String id = "pay-" + i;
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> register(store, id));
		}
		assertThat(this.journal.failing()).isFalse();
		this.journal.halt();
		assertThat(start(settings()).instances("pay", false)).hasSize(31);
	}

	@Test
	void snapshotsHalfWrittenByACrashShouldBeDeletedAtStart() throws IOException {
		MemoryStore first = start();
		register(first, "pay-1");
		this.journal.halt();
		// What kill -9 during a snapshot leaves: under the current name, and under the random names of earlier versions.
		Path current = Files.writeString(this.dir.resolve(".registry-snapshot.json.tmp"), "{\"format\":2,\"inst");
		Path earlier = Files.writeString(this.dir.resolve(".registry-snapshot.json8812345.tmp"), "x".repeat(10_000));

		MemoryStore restarted = start();
		assertThat(restarted.instances("pay", false)).hasSize(1);
		assertThat(current).doesNotExist();
		assertThat(earlier).doesNotExist();
		assertThat(this.journal.failing()).isFalse();
	}

	private MemoryStore start() {
		return start(settings());
	}

	private SnapshotProperties settings() {
		SnapshotProperties settings = Journals.settings(this.dir);
		settings.setWriteTimeout(Duration.ofSeconds(2));
		return settings;
	}

	private MemoryStore start(SnapshotProperties settings) {
		this.journal = new FileJournal(settings, Journals.VALIDATOR, this.clock);
		return Journals.recovered(this.clock, this.journal);
	}

}
