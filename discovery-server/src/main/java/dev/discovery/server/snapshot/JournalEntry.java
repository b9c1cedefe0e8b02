package dev.discovery.server.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.RegistryChange;

/**
 * One line of the journal.
 *
 * @param type {@code segment} (the first line of a file, with its format), {@code put} (an instance registered or
 * changed), {@code remove} (deregistered or expired) or {@code reserve} (indexes up to {@code index} are taken)
 * @param index the change's index, or the end of a reserved range
 * @param service the service of a put or remove
 * @param id the instance of a put or remove
 * @param instance the instance of a put
 * @param format the format of a segment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(@Nullable String type, long index, @Nullable String service, @Nullable String id,
		@Nullable SavedInstance instance, int format) {

	static final String SEGMENT = "segment";

	static final String PUT = "put";

	static final String REMOVE = "remove";

	static final String RESERVE = "reserve";

	static JournalEntry segment(int format) {
		return new JournalEntry(SEGMENT, 0, null, null, null, format);
	}

	static JournalEntry reserve(long upTo) {
		return new JournalEntry(RESERVE, upTo, null, null, null, 0);
	}

	static JournalEntry of(RegistryChange change) {
		if (change.removal()) {
			return new JournalEntry(REMOVE, change.index(), change.service(), change.instanceId(), null, 0);
		}
		return new JournalEntry(PUT, change.index(), change.service(), change.instanceId(),
				SavedInstance.of(change.instance()), 0);
	}

}
