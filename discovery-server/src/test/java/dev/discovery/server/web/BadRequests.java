package dev.discovery.server.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates bad requests of many kinds from a seed, so a failure can be replayed.
 */
final class BadRequests {

	record BadRequest(String method, String path, String contentType, byte[] body) {

		@Override
		public String toString() {
			String text = new String(this.body, 0, Math.min(this.body.length, 200), StandardCharsets.UTF_8);
			return this.method + " " + this.path + " [" + this.contentType + "] " + text;
		}

	}

	private static final String VALID = "{\"host\":\"10.0.0.9\",\"port\":8080,\"metadata\":{\"a\":\"b\"}}";

	private static final List<String> ODD_NAMES = List.of("%00", "a%0Ab", "%E2%80%AE", "%F0%9F%98%80", "..", "%2e%2e",
			"..%2F..%2Fetc", "a%20b", "UPPER_case", "-lead", "trail-", "x".repeat(64), "%C0%AE", "a;b", "%25", "%ZZ",
			"a.b", "%FF%FE");

	private static final List<String> BAD_VALUES = List.of("\"x\"", "-1", "0", "70000", "1e309", "99999999999999999999",
			"null", "[]", "{}", "true", "\"\\u0000\"", "\"" + "9".repeat(500) + "\"", "-9223372036854775809", "1.5");

	private static final List<String> FIELDS = List.of("host", "port", "secure", "metadata", "tags", "zone", "weight",
			"leaseTtl", "healthCheck", "status");

	private final Random random;

	BadRequests(long seed) {
		this.random = new Random(seed);
	}

	BadRequest next() {
		return switch (this.random.nextInt(8)) {
			case 0 -> put(truncatedJson());
			case 1 -> put(wrongField());
			case 2 -> new BadRequest("PUT", "/api/v1/services/" + pick(ODD_NAMES) + "/instances/" + pick(ODD_NAMES),
					"application/json", bytes(VALID));
			case 3 -> put(oddMetadata());
			case 4 -> new BadRequest(pick(List.of("POST", "PATCH", "TRACE", "PROPFIND")), pick(List.of(
					"/api/v1/services", "/api/v1/services/pay/instances/p-1", "/api/v1/services/pay/instances")),
					"application/json", bytes(VALID));
			case 5 -> new BadRequest("PUT", "/api/v1/services/pay/instances/p-" + this.random.nextInt(1000),
					pick(List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
							"application/x-www-form-urlencoded", "application/json; charset=ebcdic")),
					bytes(VALID));
			case 6 -> put(oversized());
			default -> put(randomBytes());
		};
	}

	private BadRequest put(byte[] body) {
		return new BadRequest("PUT", "/api/v1/services/pay/instances/p-" + this.random.nextInt(1000),
				"application/json", body);
	}

	private byte[] truncatedJson() {
		return bytes(VALID.substring(0, 1 + this.random.nextInt(VALID.length() - 2)));
	}

	private byte[] wrongField() {
		String field = pick(FIELDS);
		String value = pick(BAD_VALUES);
		String json = field.equals("host") ? "{\"host\":" + value + ",\"port\":8080}"
				: field.equals("port") ? "{\"host\":\"10.0.0.9\",\"port\":" + value + "}"
						: "{\"host\":\"10.0.0.9\",\"port\":-" + (1 + this.random.nextInt(9)) + ",\"" + field + "\":"
								+ value + "}";
		return bytes(json);
	}

	private byte[] oddMetadata() {
		String key = pick(List.of("\\u0000", "\\n", "k".repeat(200), "\\u202e", "ok"));
		String value = pick(List.of("\\u0007", "v".repeat(5000), "\\ud800", "line\\nbreak"));
		return bytes("{\"host\":\"10.0.0.9\",\"port\":8080,\"metadata\":{\"" + key + "\":\"" + value + "\"}}");
	}

	private byte[] oversized() {
		return bytes("{\"host\":\"10.0.0.9\",\"port\":8080,\"metadata\":{\"k\":\"" + "v".repeat(70_000 + this.random
			.nextInt(100_000)) + "\"}}");
	}

	private byte[] randomBytes() {
		byte[] bytes = new byte[1 + this.random.nextInt(300)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private <T> T pick(List<T> options) {
		return options.get(this.random.nextInt(options.size()));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
