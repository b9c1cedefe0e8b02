package dev.discovery.server.registry;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * The rules for text in a registration and its path: names are DNS labels, free text has no control characters, and
 * a rejected value is echoed back only in a printable, bounded form.
 */
final class WireText {

	static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private WireText() {
	}

	/**
	 * Checks a name from a request path.
	 * @param field the name of the path variable, for the error
	 * @param value the name as given
	 * @return the name in lower case
	 * @throws InvalidRequestException if it is not an RFC 1123 label
	 */
	static String label(String field, String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (!DNS_LABEL.matcher(lower).matches()) {
			throw new InvalidRequestException(List.of(new FieldError(field, "'" + printable(value)
					+ "' is not a DNS label: 1-63 letters, digits or hyphens, not starting or ending with a hyphen")),
					true);
		}
		return lower;
	}

	static boolean hasControlCharacter(String text) {
		// Code points, so a lone surrogate (not valid Unicode) shows as one and is refused too. Noncharacters
		// (U+FFFE, U+FFFF, ...) are not for interchange, and no XML document, such as Eureka's, may carry them.
		// A loop, not a stream: every registration checks each metadata key and value.
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (c < 0x80) {
				if (c < 0x20 || c == 0x7f) {
					return true;
				}
				i++;
				continue;
			}
			int type = Character.getType(c);
			if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
					|| (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
				return true;
			}
			i += Character.charCount(c);
		}
		return false;
	}

	/**
	 * Makes a rejected value safe to echo in an error: control characters escaped, length capped.
	 * @param value the value
	 * @return the printable form
	 */
	static String printable(String value) {
		StringBuilder out = new StringBuilder();
		value.codePoints().limit(80).forEach((c) -> {
			if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return (value.codePointCount(0, value.length()) > 80) ? out + "..." : out.toString();
	}

}
