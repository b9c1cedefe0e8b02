package dev.discovery.server.snapshot;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A journal that cannot be written, and the way back: the first failure is logged and every write answers 503 until
 * a retry succeeds; a retry first writes the baseline snapshot if that is what failed at start, else cuts off what
 * the failed batch left in the segment, then writes that batch again. Used by the writing thread only.
 */
final class WriteRecovery {

	private static final Log logger = LogFactory.getLog(FileJournal.class);

	private final SavedState files;

	private final JournalProgress progress;

	private final SegmentFile segment;

	/** The baseline snapshot still to write before anything else, when it failed at start. */
	private @Nullable Baseline baseline;

	WriteRecovery(SavedState files, JournalProgress progress, SegmentFile segment) {
		this.files = files;
		this.progress = progress;
		this.segment = segment;
	}

	/** Starts with the baseline snapshot still to write, or {@code null} when it was written. */
	void baseline(@Nullable Baseline baseline) {
		this.baseline = baseline;
	}

	/** Whether the journal cannot be written now. */
	boolean failing() {
		return this.progress.failure() != null;
	}

	void failed(Throwable ex) {
		if (this.progress.failure() == null) {
			logger.error("Cannot write the registry's journal in " + this.files.directory()
					+ "; writes answer 503 until it can, retrying every second", ex);
		}
		this.progress.failure(ex);
		this.progress.signal();
	}

	/**
	 * Puts back what was written of the failed batch and writes it again.
	 * @param rewrite writes the failed batch again, if there was one
	 * @return whether the journal can be written again
	 */
	boolean retry(Rewrite rewrite) {
		try {
			if (this.baseline != null) {
				this.baseline.write();
				this.baseline = null;
			}
			else {
				this.segment.rollBack();
			}
			rewrite.run();
			this.progress.failure(null);
			logger.info("The registry's journal in " + this.files.directory() + " is written again");
			return true;
		}
		catch (IOException | RuntimeException | Error ex) {
			this.progress.failure(ex);
			return false;
		}
	}

	/** Writes the baseline snapshot and starts the segment after it. */
	@FunctionalInterface
	interface Baseline {

		void write() throws IOException;

	}

	/** Writes the failed batch again. */
	@FunctionalInterface
	interface Rewrite {

		void run() throws IOException;

	}

}
