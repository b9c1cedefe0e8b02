package dev.discovery.server.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.registry.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WriteRecoveryTests {

	@TempDir
	Path dir;

	private SavedState files;

	private final JournalProgress progress = new JournalProgress(new SnapshotProperties());

	private SegmentFile segment;

	private WriteRecovery recovery;

	private final List<String> done = new ArrayList<>();

	@BeforeEach
	void open() throws IOException {
		this.files = SavedState.open(this.dir.resolve("registry-snapshot.json"));
		this.segment = new SegmentFile(this.files, new JournalLines(JsonMapper.builder().build()));
		this.segment.start(1);
		this.recovery = new WriteRecovery(this.files, this.progress, this.segment);
	}

	@AfterEach
	void close() throws IOException {
		this.segment.abandon();
		this.files.close();
	}

	@Test
	void aFailureShouldStopWritesUntilARetrySucceeds() {
		this.recovery.failed(new IOException("disk full"));
		assertThat(this.recovery.failing()).isTrue();
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(this.progress::checkWritable);
		assertThat(this.recovery.retry(() -> {
			throw new IOException("still full");
		})).isFalse();
		assertThat(this.recovery.failing()).isTrue();
		assertThat(this.recovery.retry(() -> this.done.add("batch"))).isTrue();
		assertThat(this.recovery.failing()).isFalse();
		assertThat(this.done).containsExactly("batch");
	}

	@Test
	void aBaselineThatFailedShouldBeWrittenBeforeTheBatchAndOnlyUntilItSucceeds() {
		int[] attempts = { 0 };
		this.recovery.baseline(() -> {
			if (++attempts[0] == 1) {
				throw new IOException("disk full");
			}
			this.done.add("baseline");
		});
		this.recovery.failed(new IOException("disk full"));
		assertThat(this.recovery.retry(() -> this.done.add("batch"))).isFalse();
		assertThat(this.recovery.retry(() -> this.done.add("batch"))).isTrue();
		this.recovery.failed(new IOException("disk full again"));
		assertThat(this.recovery.retry(() -> this.done.add("batch"))).isTrue();
		assertThat(this.done).containsExactly("baseline", "batch", "batch");
		assertThat(attempts[0]).isEqualTo(2);
	}

}
