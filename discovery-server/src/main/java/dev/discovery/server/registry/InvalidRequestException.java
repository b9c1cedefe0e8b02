package dev.discovery.server.registry;

import java.util.List;

/**
 * A request the registry refuses because of what it carries. Nothing was changed.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldError> errors;

	private final boolean inPath;

	public InvalidRequestException(List<FieldError> errors, boolean inPath) {
		super(summary(errors));
		this.errors = List.copyOf(errors);
		this.inPath = inPath;
	}

	/**
	 * Every problem found, not only the first.
	 * @return the field errors
	 */
	public List<FieldError> getErrors() {
		return this.errors;
	}

	/**
	 * Whether the fault is in the request's path (a malformed name) rather than its body.
	 * @return {@code true} for path errors
	 */
	public boolean isInPath() {
		return this.inPath;
	}

	private static String summary(List<FieldError> errors) {
		StringBuilder summary = new StringBuilder();
		for (FieldError error : errors) {
			summary.append(summary.isEmpty() ? "" : "; ").append(error.field()).append(": ").append(error.message());
		}
		return summary.toString();
	}

	/**
	 * One invalid field.
	 *
	 * @param field the field's name, dotted for nested fields
	 * @param message what is wrong with it
	 */
	public record FieldError(String field, String message) {
	}

}
