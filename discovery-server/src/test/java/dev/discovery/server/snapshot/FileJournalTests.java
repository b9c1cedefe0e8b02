package dev.discovery.server.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.store.MemoryStore;

import static dev.discovery.server.snapshot.Journals.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the journal promises on disk: a graceful stop leaves one snapshot, a crash loses no acknowledged change and
 * never moves the index back, damage refuses to start unless asked to start empty, bad entries are left out one by
 * one, and a location that cannot be written fails at startup.
 */
class FileJournalTests {

	@TempDir
	Path dir;

	private final MutableClock clock = new MutableClock();

	private final List<FileJournal> journals = new ArrayList<>();

	private FileJournal journal;

	@AfterEach
	void closeJournals() {
		this.journals.forEach(FileJournal::halt);
	}

	private MemoryStore start() {
		return start(Journals.settings(this.dir));
	}

	private MemoryStore start(SnapshotProperties settings) {
		this.journal = new FileJournal(settings, Journals.VALIDATOR, this.clock);
		this.journals.add(this.journal);
		return Journals.recovered(this.clock, this.journal);
	}

	private MemoryStore crashAndStart() {
		this.journal.halt();
		return start();
	}

	@Test
	void aGracefulStopShouldLeaveOneSnapshotAndKeepTheIndexContiguous() throws IOException {
		MemoryStore store = start();
		register(store, "pay-1");
		register(store, "pay-2");
		store.deregister("pay", "pay-2");
		this.journal.stop();
		assertThat(files()).containsExactlyInAnyOrder("registry-snapshot.json", "registry-snapshot.json.lock");
		MemoryStore restarted = start();
		assertThat(restarted.recovery().restored()).isTrue();
		assertThat(restarted.index()).isEqualTo(3);
		assertThat(restarted.instances("pay", false)).extracting((i) -> i.id()).containsExactly("pay-1");
		register(restarted, "pay-3");
		assertThat(restarted.index()).isEqualTo(4);
	}

	@Test
	void aCrashShouldLoseNoAcknowledgedChange() {
		MemoryStore store = start();
		for (int i = 1; i <= 50; i++) {
			register(store, "pay-" + i);
		}
		store.setStatus("pay", "pay-7", InstanceStatus.OUT_OF_SERVICE);
		RegistryChange gone = store.deregister("pay", "pay-9");
		assertThat(this.journal.synced()).isGreaterThanOrEqualTo(gone.index());
		MemoryStore restarted = crashAndStart();
		assertThat(restarted.instanceCount()).isEqualTo(49);
		assertThat(restarted.instanceCount("pay")).isEqualTo(49);
		assertThat(restarted.instance("pay", "pay-7").status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(restarted.index()).isGreaterThanOrEqualTo(gone.index());
	}

	@Test
	void losingTheEndOfTheJournalShouldNeverMoveTheIndexBack() throws IOException {
		MemoryStore store = start();
		for (int i = 1; i <= 20; i++) {
			register(store, "pay-" + i);
		}
		long handedOut = store.index();
		this.journal.halt();
		Path segment = onlySegment();
		List<String> lines = Files.readAllLines(segment);
		// The disk lost the last ten changes (say, a power cut before they were flushed).
		Files.write(segment, lines.subList(0, lines.size() - 10));
		MemoryStore restarted = start();
		assertThat(restarted.instanceCount()).isEqualTo(10);
		assertThat(restarted.index()).isGreaterThanOrEqualTo(handedOut);
		register(restarted, "pay-21");
		assertThat(restarted.index()).isGreaterThan(handedOut);
	}

	@Test
	void aLineTornByACrashShouldBeDropped() throws IOException {
		MemoryStore store = start();
		register(store, "pay-1");
		register(store, "pay-2");
		this.journal.halt();
		Files.writeString(onlySegment(), "1f2e3d4c {\"type\":\"put\",\"ind", java.nio.file.StandardOpenOption.APPEND);
		MemoryStore restarted = start();
		assertThat(restarted.instanceCount()).isEqualTo(2);
	}

	@Test
	void aDamagedLineWithValidOnesAfterItShouldRefuseToStartAndKeepTheFile() throws IOException {
		MemoryStore store = start();
		register(store, "pay-1");
		register(store, "pay-2");
		register(store, "pay-3");
		this.journal.halt();
		Path segment = onlySegment();
		List<String> lines = new ArrayList<>(Files.readAllLines(segment));
		lines.set(lines.size() - 2, lines.get(lines.size() - 2).replace("10.0.0.1", "10.6.6.6"));
		Files.write(segment, lines);
		byte[] damaged = Files.readAllBytes(segment);
		assertThatIllegalStateException().isThrownBy(this::start)
			.withMessageContaining(segment.toString())
			.withMessageContaining("checksum")
			.withMessageContaining("discovery.server.snapshot.on-unreadable=start-empty");
		assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
	}

	@Test
	void garbageOrAnotherFormatShouldRefuseToStartAndKeepTheFile() throws IOException {
		Path snapshot = this.dir.resolve("registry-snapshot.json");
		Files.writeString(snapshot, "{\"format\":3,\"index\":3,\"instances\":[]}");
		assertThatIllegalStateException().isThrownBy(this::start)
			.withMessageContaining(snapshot.toString())
			.withMessageContaining("format 3");
		Files.write(snapshot, new byte[] { 0x1f, (byte) 0x8b, 0, 0, 42 });
		assertThatIllegalStateException().isThrownBy(this::start)
			.withMessageContaining(snapshot.toString())
			.withMessageContaining("not a registry snapshot");
		assertThat(Files.readAllBytes(snapshot)).containsExactly(0x1f, (byte) 0x8b, 0, 0, 42);
	}

	@Test
	void aSnapshotOfTheEarlierFormatShouldLoad() throws IOException {
		MemoryStore before = new MemoryStore(this.clock);
		before.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(20)));
		before.register("pay", "pay-2", Registrations.spec("payment.internal", 8443));
		before.setStatus("pay", "pay-2", InstanceStatus.OUT_OF_SERVICE);
		// As the registry wrote it on graceful stop before it kept a journal.
		Files.writeString(this.dir.resolve("registry-snapshot.json"), tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.writeValueAsString(java.util.Map.of("format", 1, "index", before.index(), "savedAt",
					this.clock.instant(), "instances", before.allInstances())));
		MemoryStore restarted = start();
		assertThat(restarted.recovery().restored()).isTrue();
		assertThat(restarted.index()).isEqualTo(before.index());
		assertThat(restarted.instance("pay", "pay-1").spec()).isEqualTo(before.instance("pay", "pay-1").spec());
		assertThat(restarted.instance("pay", "pay-2").status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
	}

	@Test
	void startEmptyShouldSetUnreadableStateAsideAndStart() throws IOException {
		Files.writeString(this.dir.resolve("registry-snapshot.json"), "garbage");
		SnapshotProperties settings = Journals.settings(this.dir);
		settings.setOnUnreadable(SnapshotProperties.OnUnreadable.START_EMPTY);
		MemoryStore store = start(settings);
		StoreRecovery recovery = store.recovery();
		assertThat(recovery.restored()).isFalse();
		assertThat(recovery.source()).contains("unreadable");
		assertThat(files()).anyMatch((name) -> name.startsWith("registry-snapshot.json.unreadable-"));
		register(store, "pay-1");
		assertThat(crashAndStart().instanceCount()).isOne();
	}

	@Test
	void invalidOrIncompleteEntriesShouldBeLeftOutAndTheOthersExpireAsUsual() throws IOException {
		String valid = "{\"service\":\"pay\",\"id\":\"pay-1\",\"registration\":{\"host\":\"10.0.0.1\",\"port\":8080,"
				+ "\"leaseTtl\":\"10s\"},\"status\":\"UP\",\"health\":\"PASSING\",\"registeredAt\":\"2026-01-01T00:00:00Z\","
				+ "\"index\":4}";
		String template = valid.replace("pay-1", "%s");
		String instances = String.join(",", valid, null, "{}",
				String.format(template, "pay-2").replace("8080", "70000"),
				String.format(template, "pay-3").replace("\"status\":\"UP\",", ""),
				String.format(template, "pay-4").replace(",\"registration\":{\"host\":\"10.0.0.1\",\"port\":8080,"
						+ "\"leaseTtl\":\"10s\"}", ""),
				String.format(template, "Not A Name"), String.format(template, "pay-5").replace("\"10s\"", "null"));
		Files.writeString(this.dir.resolve("registry-snapshot.json"), "{\"format\":2,\"index\":9,\"reservedUpTo\":9,"
				+ "\"nextSegment\":1,\"instances\":[" + instances + "]}");
		MemoryStore store = start();
		StoreRecovery recovery = store.recovery();
		assertThat(recovery.restored()).isTrue();
		assertThat(recovery.skipped()).isEqualTo(6);
		assertThat(store.allInstances()).extracting((i) -> i.id()).containsExactlyInAnyOrder("pay-1", "pay-5");
		assertThat(store.instance("pay", "pay-5").spec().leaseTtl()).isEqualTo(Duration.ofSeconds(15));
		assertThat(store.index()).isEqualTo(9);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(store.expireLeases()).extracting((change) -> change.instanceId()).containsExactly("pay-1");
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(store.expireLeases()).extracting((change) -> change.instanceId()).containsExactly("pay-5");
	}

	@Test
	void anUnwritableLocationShouldFailAtStartup() throws IOException {
		Path file = Files.writeString(this.dir.resolve("not-a-directory"), "x");
		SnapshotProperties settings = new SnapshotProperties();
		settings.setPath(file.resolve("registry-snapshot.json"));
		assertThatIllegalStateException().isThrownBy(() -> new FileJournal(settings, Journals.VALIDATOR, this.clock))
			.withMessageContaining(file.toString())
			.withMessageContaining("discovery.server.snapshot.path");
	}

	@Test
	void twoRegistriesShouldNeverShareADirectory() {
		start();
		assertThatIllegalStateException()
			.isThrownBy(() -> new FileJournal(Journals.settings(this.dir), Journals.VALIDATOR, this.clock))
			.withMessageContaining("discovery.server.snapshot.path");
	}

	@Test
	void compactionShouldReplaceOldSegmentsWithASnapshot() throws IOException {
		SnapshotProperties settings = Journals.settings(this.dir);
		settings.setCompactAfter(org.springframework.util.unit.DataSize.ofKilobytes(4));
		MemoryStore store = start(settings);
		for (int i = 1; i <= 200; i++) {
			register(store, "pay-" + (i % 40));
		}
		store.deregister("pay", "pay-1");
		org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(segments()).hasSizeLessThanOrEqualTo(2));
		long index = store.index();
		this.journal.halt();
		MemoryStore restarted = start(settings);
		assertThat(restarted.instanceCount()).isEqualTo(39);
		assertThat(restarted.index()).isGreaterThanOrEqualTo(index);
	}

	private Path onlySegment() throws IOException {
		List<Path> segments = segments();
		assertThat(segments).hasSize(1);
		return segments.get(0);
	}

	private List<Path> segments() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.filter((file) -> file.getFileName().toString().contains(".journal.")).toList();
		}
	}

	private List<String> files() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

}
