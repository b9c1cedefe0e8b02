package dev.discovery.client.serviceregistry;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Turns free text into an RFC 1123 DNS label ({@code [a-z0-9-]}, at most 63 characters), the form the registry
 * requires for service names and instance ids.
 */
public final class DnsLabels {

	/** The longest label DNS allows. */
	public static final int MAX_LENGTH = 63;

	private DnsLabels() {
	}

	/**
	 * Sanitises text into a DNS label: lower-case, every other character becomes {@code -}, runs of {@code -} are
	 * collapsed and trimmed. A label that would be too long is cut and given a short hash of the original text, so
	 * two long names that differ only at the end still get different labels.
	 * @param text the text, for example {@code Payment_Service:10.0.1.5:8080}
	 * @return the label, for example {@code payment-service-10-0-1-5-8080}
	 */
	public static String sanitize(String text) {
		String label = text.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9-]", "-")
			.replaceAll("-{2,}", "-")
			.replaceAll("^-+|-+$", "");
		if (label.isEmpty()) {
			return "x" + hash(text);
		}
		if (label.length() <= MAX_LENGTH) {
			return label;
		}
		String head = label.substring(0, MAX_LENGTH - 9).replaceAll("-+$", "");
		return head + "-" + hash(text);
	}

	private static String hash(String text) {
		CRC32 crc = new CRC32();
		crc.update(text.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().toHexDigits((int) crc.getValue());
	}

}
