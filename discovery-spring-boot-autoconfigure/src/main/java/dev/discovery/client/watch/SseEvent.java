package dev.discovery.client.watch;

import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event as read from the watch stream.
 *
 * @param name the {@code event:} field, {@code message} when absent
 * @param id the {@code id:} field, or {@code null}
 * @param data the {@code data:} lines joined by newlines
 */
public record SseEvent(String name, @Nullable String id, String data) {

	/**
	 * Reads lines into events: feed every line, get an event back on the blank line that ends it.
	 */
	public static final class Parser {

		private String name = "message";

		private @Nullable String id;

		private final StringBuilder data = new StringBuilder();

		/**
		 * Takes one line, without its line break.
		 * @param line the line
		 * @return the event this line completes, or {@code null}
		 */
		public @Nullable SseEvent line(String line) {
			if (line.isEmpty()) {
				SseEvent event = (this.data.length() > 0) ? new SseEvent(this.name, this.id, this.data.toString())
						: null;
				this.name = "message";
				this.id = null;
				this.data.setLength(0);
				return event;
			}
			if (line.startsWith(":")) {
				return null;
			}
			int colon = line.indexOf(':');
			String field = (colon < 0) ? line : line.substring(0, colon);
			String value = (colon < 0) ? "" : line.substring(colon + 1);
			value = value.startsWith(" ") ? value.substring(1) : value;
			switch (field) {
				case "event" -> this.name = value;
				case "id" -> this.id = value;
				case "data" -> this.data.append(this.data.isEmpty() ? "" : "\n").append(value);
				default -> {
				}
			}
			return null;
		}

	}

}
