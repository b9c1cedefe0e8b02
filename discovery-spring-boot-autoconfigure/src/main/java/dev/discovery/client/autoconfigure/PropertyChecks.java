package dev.discovery.client.autoconfigure;

import java.time.Duration;

import dev.discovery.protocol.Durations;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.Errors;

/**
 * The checks the starter's property classes are validated with: each rejection names the full property and its
 * value, and lands on the field {@link Errors} expects for it (kebab-case turned to bean properties).
 */
final class PropertyChecks {

	private final Errors errors;

	private final String prefix;

	/**
	 * Checks the properties of one bound object.
	 * @param errors where rejections go
	 * @param prefix the object's property prefix with its dot, e.g. {@code discovery.}
	 */
	PropertyChecks(Errors errors, String prefix) {
		this.errors = errors;
		this.prefix = prefix;
	}

	boolean positive(String property, @Nullable Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			reject(property, this.prefix + property + " (" + text(value) + ") must be positive");
			return false;
		}
		return true;
	}

	boolean notNegative(String property, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			reject(property, this.prefix + property + " (" + text(value) + ") must not be negative");
			return false;
		}
		return true;
	}

	void notShorter(String property, @Nullable Duration value, String minProperty, Duration min) {
		if (value == null || value.compareTo(min) < 0) {
			reject(property, this.prefix + property + " (" + text(value) + ") must not be shorter than " + this.prefix
					+ minProperty + " (" + text(min) + ")");
		}
	}

	void atLeast(String property, int value, int min) {
		if (value < min) {
			reject(property, this.prefix + property + " (" + value + ") must be at least " + min);
		}
	}

	void between(String property, int value, int min, int max) {
		if (value < min || value > max) {
			reject(property, this.prefix + property + " (" + value + ") must be between " + min + " and " + max);
		}
	}

	void reject(String property, String message) {
		this.errors.rejectValue(field(property), "invalid", message);
	}

	static String text(@Nullable Duration value) {
		return (value != null) ? Durations.format(value) : "null";
	}

	/** The bean property path Errors expects for a kebab-case property name. */
	private static String field(String property) {
		StringBuilder field = new StringBuilder();
		boolean upper = false;
		for (char c : property.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				field.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return field.toString();
	}

}
