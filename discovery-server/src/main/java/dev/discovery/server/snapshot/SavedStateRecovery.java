package dev.discovery.server.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.StoreRecovery;
import dev.discovery.server.snapshot.SavedStateReader.Loaded;
import dev.discovery.server.snapshot.SavedStateReader.Unreadable;
import dev.discovery.server.store.Journal.Recovered;

/**
 * Reads the saved state back at start: the instances that still pass validation, or, when the files cannot be read,
 * a refusal to start or an empty registry with the files set aside, as {@code on-unreadable} says.
 */
final class SavedStateRecovery {

	private static final Log logger = LogFactory.getLog(FileJournal.class);

	private static final int MAX_LOGGED_SKIPS = 20;

	private final SavedState files;

	private final JsonMapper mapper;

	private final RegistrationValidator validator;

	private final SnapshotProperties settings;

	private final Clock clock;

	SavedStateRecovery(SavedState files, JsonMapper mapper, RegistrationValidator validator,
			SnapshotProperties settings, Clock clock) {
		this.files = files;
		this.mapper = mapper;
		this.validator = validator;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Reads the saved state.
	 * @return what was recovered, and the number of the last segment read ({@code 0} when none)
	 * @throws IllegalStateException if the state cannot be read and the settings say not to start then
	 */
	Result recover() {
		Loaded loaded;
		try {
			loaded = new SavedStateReader(this.files, this.mapper).read();
		}
		catch (Unreadable ex) {
			return unreadable(ex);
		}
		catch (UncheckedIOException ex) {
			return unreadable(new Unreadable(this.files.directory(), ex.getCause().toString()));
		}
		boolean saved = Files.exists(this.files.snapshot()) || !this.files.segments().isEmpty();
		List<RegisteredInstance> instances = new ArrayList<>();
		int skipped = loaded.missing();
		for (SavedInstance entry : loaded.instances()) {
			try {
				instances.add(entry.toInstance(this.validator));
			}
			catch (IllegalArgumentException ex) {
				if (++skipped <= MAX_LOGGED_SKIPS) {
					logger.warn("Left out saved instance " + entry.service() + "/" + entry.id() + " from "
							+ this.files.directory() + ": " + ex.getMessage());
				}
			}
		}
		if (skipped > MAX_LOGGED_SKIPS) {
			logger.warn("Left out " + skipped + " saved instances in all from " + this.files.directory());
		}
		if (!saved) {
			return new Result(new Recovered(List.of(), StoreRecovery.none("no saved state in " + this.files.directory())),
					loaded.lastSegment());
		}
		logger.info("Restored " + instances.size() + " instances at index " + loaded.index() + " from "
				+ this.files.directory());
		return new Result(new Recovered(instances, new StoreRecovery(true, instances.size(), skipped, loaded.index(),
				loaded.savedAt(), this.files.snapshot().toString())), loaded.lastSegment());
	}

	private Result unreadable(Unreadable ex) {
		if (this.settings.getOnUnreadable() == SnapshotProperties.OnUnreadable.FAIL) {
			this.files.close();
			throw new IllegalStateException("The registry's saved state cannot be read: " + ex.getMessage()
					+ ". The file is kept as it is. To start with an empty registry, move it away or set "
					+ "discovery.server.snapshot.on-unreadable=start-empty (unreadable files are then renamed "
					+ "*.unreadable-<time> and kept).", ex);
		}
		String suffix = ".unreadable-" + this.clock.instant().toString().replace(':', '-');
		try {
			List<Path> moved = this.files.setAside(suffix);
			logger.warn("Started with an empty registry: the saved state could not be read (" + ex.getMessage()
					+ "); kept as " + moved);
		}
		catch (IOException io) {
			throw new IllegalStateException("Cannot set aside the unreadable saved state in " + this.files.directory()
					+ ": " + io, io);
		}
		return new Result(new Recovered(List.of(), StoreRecovery.none("saved state in " + this.files.directory()
				+ " was unreadable and set aside (*" + suffix + ")")), 0);
	}

	/**
	 * What {@link #recover()} found.
	 * @param recovered the instances and the outcome, for the store
	 * @param lastSegment the number of the last journal segment read: the next one written follows it
	 */
	record Result(Recovered recovered, long lastSegment) {
	}

}
