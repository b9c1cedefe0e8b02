package dev.discovery.server.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;

/**
 * Reads the registration bodies clients send, by hand: a JSON object of the registration's own fields, in ASCII,
 * without escapes, duplicate or unknown names, with integers written plainly. That is every body the starter and the
 * documented clients send, and it reads to what Jackson reads. Anything else (an error above all) is declined with
 * {@code null}, and the caller reads it with Jackson, so its answers, problem details included, never differ.
 * {@code RegistrationJsonTests} holds the two equal.
 */
final class RegistrationJson {

	private static final String[] FIELDS = { "host", "port", "secure", "metadata", "tags", "zone", "weight",
			"leaseTtl", "healthCheck", "status" };

	private static final String[] CHECK_FIELDS = { "type", "path", "interval", "timeout", "failureThreshold",
			"successThreshold", "deregisterAfter" };

	private final byte[] json;

	private int at;

	private RegistrationJson(byte[] json) {
		this.json = json;
	}

	/**
	 * Reads a registration.
	 * @param json the body
	 * @return the registration, or {@code null} when the body is not one this reader takes
	 */
	static @Nullable InstanceRegistration read(byte[] json) {
		try {
			RegistrationJson reader = new RegistrationJson(json);
			Object[] values = reader.object(FIELDS, true);
			reader.space();
			if (values == null || reader.at != json.length) {
				return null;
			}
			return new InstanceRegistration((String) values[0], (Integer) values[1], (Boolean) values[2],
					metadata(values[3]), tags(values[4]), (String) values[5], (Integer) values[6], (String) values[7],
					(HealthCheckSpec) values[8],
					(values[9] != null) ? InstanceStatus.valueOf((String) values[9]) : null);
		}
		catch (Declined | IllegalArgumentException | ClassCastException ex) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, String> metadata(@Nullable Object value) {
		return (Map<String, String>) value;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable List<String> tags(@Nullable Object value) {
		return (List<String>) value;
	}

	/** An object of the given fields, each at most once; {@code null} for a JSON {@code null}. */
	private Object @Nullable [] object(String[] fields, boolean top) {
		space();
		if (!top && literal("null")) {
			return null;
		}
		expect('{');
		Object[] values = new Object[fields.length];
		boolean[] seen = new boolean[fields.length];
		space();
		if (peek() == '}') {
			this.at++;
			return values;
		}
		while (true) {
			space();
			int field = indexOf(fields, string());
			if (field < 0 || seen[field]) {
				throw Declined.INSTANCE;
			}
			seen[field] = true;
			space();
			expect(':');
			values[field] = value(fields[field]);
			space();
			if (peek() == ',') {
				this.at++;
				continue;
			}
			expect('}');
			return values;
		}
	}

	private @Nullable Object value(String field) {
		space();
		if (peek() == 'n') {
			if (!literal("null")) {
				throw Declined.INSTANCE;
			}
			return null;
		}
		return switch (field) {
			case "port", "weight", "failureThreshold", "successThreshold" -> integer();
			case "secure" -> bool();
			case "metadata" -> strings();
			case "tags" -> list();
			case "healthCheck" -> check();
			default -> string();
		};
	}

	private HealthCheckSpec check() {
		Object[] values = object(CHECK_FIELDS, false);
		if (values == null) {
			throw Declined.INSTANCE;
		}
		return new HealthCheckSpec((values[0] != null) ? HealthCheckType.valueOf((String) values[0]) : null,
				(String) values[1], (String) values[2], (String) values[3], (Integer) values[4], (Integer) values[5],
				(String) values[6]);
	}

	private Map<String, String> strings() {
		expect('{');
		Map<String, String> map = new LinkedHashMap<>();
		space();
		if (peek() == '}') {
			this.at++;
			return map;
		}
		while (true) {
			space();
			String key = string();
			space();
			expect(':');
			space();
			if (map.put(key, string()) != null) {
				throw Declined.INSTANCE;
			}
			space();
			if (peek() == ',') {
				this.at++;
				continue;
			}
			expect('}');
			return map;
		}
	}

	private List<String> list() {
		expect('[');
		List<String> list = new ArrayList<>();
		space();
		if (peek() == ']') {
			this.at++;
			return list;
		}
		while (true) {
			space();
			list.add(string());
			space();
			if (peek() == ',') {
				this.at++;
				continue;
			}
			expect(']');
			return list;
		}
	}

	/** A string of printable ASCII without escapes. */
	private String string() {
		expect('"');
		int start = this.at;
		while (true) {
			byte b = next();
			if (b == '"') {
				return new String(this.json, start, this.at - 1 - start, StandardCharsets.ISO_8859_1);
			}
			if (b < 0x20 || b == '\\' || b == 0x7f) {
				// Control characters, escapes and anything beyond ASCII (negative bytes): Jackson's to read.
				throw Declined.INSTANCE;
			}
		}
	}

	/** An integer written plainly: an optional minus, no leading zero, at most nine digits. */
	private Integer integer() {
		int start = this.at;
		boolean negative = peek() == '-';
		if (negative) {
			this.at++;
		}
		int digits = this.at;
		int value = 0;
		while (this.at < this.json.length && this.json[this.at] >= '0' && this.json[this.at] <= '9') {
			value = value * 10 + (this.json[this.at++] - '0');
		}
		int count = this.at - digits;
		if (count == 0 || count > 9 || (count > 1 && this.json[digits] == '0')
				|| (this.at < this.json.length && (this.json[this.at] == '.' || this.json[this.at] == 'e'
						|| this.json[this.at] == 'E'))
				|| (negative && this.at - start == 1)) {
			throw Declined.INSTANCE;
		}
		return negative ? -value : value;
	}

	private Boolean bool() {
		if (literal("true")) {
			return Boolean.TRUE;
		}
		if (literal("false")) {
			return Boolean.FALSE;
		}
		throw Declined.INSTANCE;
	}

	private boolean literal(String word) {
		if (this.at + word.length() > this.json.length) {
			return false;
		}
		for (int i = 0; i < word.length(); i++) {
			if (this.json[this.at + i] != word.charAt(i)) {
				return false;
			}
		}
		int end = this.at + word.length();
		if (end < this.json.length && Character.isLetterOrDigit(this.json[end])) {
			return false;
		}
		this.at = end;
		return true;
	}

	private void space() {
		while (this.at < this.json.length) {
			byte b = this.json[this.at];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return;
			}
			this.at++;
		}
	}

	private void expect(char c) {
		if (next() != c) {
			throw Declined.INSTANCE;
		}
	}

	private byte peek() {
		if (this.at >= this.json.length) {
			throw Declined.INSTANCE;
		}
		return this.json[this.at];
	}

	private byte next() {
		byte b = peek();
		this.at++;
		return b;
	}

	private static int indexOf(String[] fields, String name) {
		for (int i = 0; i < fields.length; i++) {
			if (fields[i].equals(name)) {
				return i;
			}
		}
		return -1;
	}

	/** The body is not one this reader takes; thrown without a stack trace, caught in {@link #read}. */
	private static final class Declined extends RuntimeException {

		static final Declined INSTANCE = new Declined();

		private Declined() {
			super(null, null, false, false);
		}

	}

}
