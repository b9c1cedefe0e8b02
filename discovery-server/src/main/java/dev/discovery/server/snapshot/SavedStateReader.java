package dev.discovery.server.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.snapshot.SavedState.SnapshotContent;

/**
 * Reads the saved state: the snapshot, then every journal segment that continues it, in order. A line torn at the
 * very end of the last segment is what a crash leaves and is dropped; anything else that cannot be read, anywhere,
 * makes the whole state unreadable ({@link Unreadable}), so nothing is half-loaded.
 */
final class SavedStateReader {

	private static final Log logger = LogFactory.getLog(SavedStateReader.class);

	private final SavedState files;

	private final JsonMapper mapper;

	private final JournalLines lines;

	private final Map<String, SavedInstance> entries = new LinkedHashMap<>();

	private int missing;

	private long index;

	private long reserved;

	private long lastSegment;

	SavedStateReader(SavedState files, JsonMapper mapper) {
		this.files = files;
		this.mapper = mapper;
		this.lines = new JournalLines(mapper);
	}

	Loaded read() {
		long next = readSnapshot();
		List<Long> segments = this.files.segments();
		for (long sequence : segments) {
			this.lastSegment = Math.max(this.lastSegment, sequence);
			if (sequence >= next) {
				readSegment(this.files.segment(sequence), sequence == segments.get(segments.size() - 1));
			}
		}
		this.lastSegment = Math.max(this.lastSegment, next - 1);
		return new Loaded(new ArrayList<>(this.entries.values()), this.missing, Math.max(this.index, this.reserved),
				this.lastSegment, this.files.lastModified());
	}

	private long readSnapshot() {
		Path file = this.files.snapshot();
		if (!Files.exists(file)) {
			return 0;
		}
		SnapshotContent content;
		try {
			JsonNode root = this.mapper.readTree(file.toFile());
			int format = root.path("format").asInt(0);
			if (format == LegacySnapshot.FORMAT && root.path("instances").isArray()) {
				content = new SnapshotContent(format, root.path("index").asLong(0), 0, 0, null,
						LegacySnapshot.instances(root, this.mapper));
			}
			else if (format == SavedState.FORMAT) {
				content = this.mapper.treeToValue(root, SnapshotContent.class);
			}
			else {
				throw new Unreadable(file, "format " + (root.has("format") ? root.get("format") : "none")
						+ ", this registry reads formats " + LegacySnapshot.FORMAT + " and " + SavedState.FORMAT);
			}
		}
		catch (JacksonException ex) {
			throw new Unreadable(file, "not a registry snapshot: " + ex.getOriginalMessage());
		}
		if (content == null || content.instances() == null) {
			throw new Unreadable(file, "it lists no instances");
		}
		for (SavedInstance instance : content.instances()) {
			if (instance == null) {
				this.missing++;
			}
			else {
				this.entries.put(SavedInstance.key(String.valueOf(instance.service()), String.valueOf(instance.id())),
						instance);
			}
		}
		this.index = Math.max(content.index(), 0);
		this.reserved = Math.max(content.reservedUpTo(), 0);
		return Math.max(content.nextSegment(), 0);
	}

	private void readSegment(Path file, boolean last) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new Unreadable(file, ex.toString());
		}
		int start = 0;
		int number = 0;
		@Nullable String torn = null;
		while (start < bytes.length) {
			int end = indexOf(bytes, start);
			number++;
			byte[] line = java.util.Arrays.copyOfRange(bytes, start, (end < 0) ? bytes.length : end);
			try {
				JournalEntry entry = this.lines.read(line);
				if (torn != null) {
					throw new Unreadable(file, torn);
				}
				apply(file, number, entry);
			}
			catch (IllegalArgumentException ex) {
				if (!last || torn != null) {
					throw new Unreadable(file, "line " + number + ": " + ex.getMessage());
				}
				// Only acceptable as the very last line, torn by a crash: keep reading to be sure nothing follows.
				torn = "line " + number + ": " + ex.getMessage() + ", and valid lines follow it";
			}
			start = (end < 0) ? bytes.length : end + 1;
		}
		if (torn != null) {
			logger.warn("Dropped the last line of " + file + ", torn by a crash while it was written");
		}
	}

	private void apply(Path file, int number, JournalEntry entry) {
		String type = String.valueOf(entry.type());
		if (number == 1) {
			if (!JournalEntry.SEGMENT.equals(type) || entry.format() != SavedState.FORMAT) {
				throw new Unreadable(file, "format " + entry.format() + " " + type + ", this registry reads format "
						+ SavedState.FORMAT);
			}
			return;
		}
		switch (type) {
			case JournalEntry.PUT -> {
				String key = SavedInstance.key(String.valueOf(entry.service()), String.valueOf(entry.id()));
				SavedInstance instance = entry.instance();
				this.entries.put(key, (instance != null) ? instance
						: new SavedInstance(entry.service(), entry.id(), null, null, null, null, null, null, 0));
				this.index = Math.max(this.index, entry.index());
			}
			case JournalEntry.REMOVE -> {
				this.entries.remove(SavedInstance.key(String.valueOf(entry.service()), String.valueOf(entry.id())));
				this.index = Math.max(this.index, entry.index());
			}
			case JournalEntry.RESERVE -> this.reserved = Math.max(this.reserved, entry.index());
			default -> throw new Unreadable(file, "line " + number + ": unknown entry '" + type + "'");
		}
	}

	private static int indexOf(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * What was read.
	 *
	 * @param instances the saved instances, not yet validated
	 * @param missing entries that were empty
	 * @param index the highest index saved or reserved: the registry continues after it
	 * @param lastSegment the highest segment number present or referenced
	 * @param savedAt when the state last changed on disk
	 */
	record Loaded(List<SavedInstance> instances, int missing, long index, long lastSegment,
			@Nullable Instant savedAt) {
	}

	/** Saved state that cannot be read: the file and what is wrong with it. */
	static final class Unreadable extends RuntimeException {

		private final Path file;

		Unreadable(Path file, String reason) {
			super(file + ": " + reason);
			this.file = file;
		}

		Path file() {
			return this.file;
		}

	}

}
