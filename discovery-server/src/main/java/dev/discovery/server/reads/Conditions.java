package dev.discovery.server.reads;

import org.jspecify.annotations.Nullable;

/**
 * The request headers a read answers to: {@code If-None-Match} (RFC 9110 weak comparison) and
 * {@code Accept-Encoding}.
 */
final class Conditions {

	private Conditions() {
	}

	/**
	 * Whether an {@code If-None-Match} header names the tag.
	 * @param ifNoneMatch the header, or {@code null}
	 * @param etag the answer's tag
	 * @return {@code true} if the client already holds the answer
	 */
	static boolean matches(@Nullable String ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		String opaque = opaque(etag);
		for (String candidate : ifNoneMatch.split(",")) {
			String tag = candidate.trim();
			if (tag.equals("*") || opaque(tag).equals(opaque)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether an {@code Accept-Encoding} header accepts gzip: named with a weight above zero.
	 * @param acceptEncoding the header, or {@code null}
	 * @return {@code true} if the answer may be compressed
	 */
	static boolean acceptsGzip(@Nullable String acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		for (String coding : acceptEncoding.split(",")) {
			String[] parts = coding.split(";");
			if (parts[0].trim().equalsIgnoreCase("gzip")) {
				return parts.length < 2 || weight(parts[1].trim()) > 0;
			}
		}
		return false;
	}

	private static double weight(String parameter) {
		if (!parameter.startsWith("q=") && !parameter.startsWith("Q=")) {
			return 1;
		}
		try {
			return Double.parseDouble(parameter.substring(2).trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

}
