package dev.discovery.server.snapshot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal's line format: the CRC-32C of the JSON in eight hex digits, a space, the JSON of a
 * {@link JournalEntry}, a newline. The checksum tells a line torn by a crash, or damaged on disk, from a valid one.
 */
final class JournalLines {

	private static final int CHECKSUM = 8;

	private final JsonMapper mapper;

	JournalLines(JsonMapper mapper) {
		this.mapper = mapper;
	}

	void write(JournalEntry entry, ByteArrayOutputStream out) {
		byte[] json = this.mapper.writeValueAsBytes(entry);
		CRC32C crc = new CRC32C();
		crc.update(json);
		String checksum = String.format("%08x ", crc.getValue());
		out.writeBytes(checksum.getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(json);
		out.write('\n');
	}

	/**
	 * Reads one line, without its newline.
	 * @param line the line's bytes
	 * @return the entry
	 * @throws IllegalArgumentException saying what is wrong with it
	 */
	JournalEntry read(byte[] line) {
		if (line.length <= CHECKSUM + 1 || line[CHECKSUM] != ' ') {
			throw new IllegalArgumentException("not a journal line");
		}
		long expected;
		try {
			expected = Long.parseLong(new String(line, 0, CHECKSUM, StandardCharsets.US_ASCII), 16);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a journal line");
		}
		CRC32C crc = new CRC32C();
		crc.update(line, CHECKSUM + 1, line.length - CHECKSUM - 1);
		if (crc.getValue() != expected) {
			throw new IllegalArgumentException("checksum does not match");
		}
		try {
			return this.mapper.readValue(line, CHECKSUM + 1, line.length - CHECKSUM - 1, JournalEntry.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not a journal entry: " + ex.getOriginalMessage());
		}
	}

}
