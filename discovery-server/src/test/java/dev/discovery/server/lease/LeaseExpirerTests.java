package dev.discovery.server.lease;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.ExpiryGuard;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.StoreUnavailableException;
import dev.discovery.server.store.MemoryStore;
import dev.discovery.server.store.RecoveredJournal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the store takes no writes (a full disk), every expiry run fails, once a second for as long as it lasts. It
 * must say so once, not write a stack trace a second into a log that is often on the full disk, and say when it
 * resumes; the instances that expired meanwhile go on the first run after.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaseExpirerTests {

	private final MutableClock clock = new MutableClock();

	private final FailingJournal journal = new FailingJournal();

	private final MemoryStore store = new MemoryStore(this.clock, 100, 100, this.journal);

	private final LeaseExpirer expirer = new LeaseExpirer(this.store, new ThreadPoolTaskScheduler(),
			Duration.ofSeconds(1), ExpiryGuard.NONE);

	@Test
	void aStoreTakingNoWritesShouldBeLoggedOnceAndExpiryResumeAfter(CapturedOutput output) {
		this.store.recover();
		this.store.register("pay", "pay-1", Registrations.spec("10.0.0.1", 8080, Duration.ofSeconds(10)));
		this.clock.advance(Duration.ofSeconds(11));
		this.journal.failing = true;
		for (int run = 0; run < 30; run++) {
			assertThat(this.expirer.expire()).isEmpty();
		}
		assertThat(this.store.instances("pay", false)).hasSize(1);
		assertThat(occurrences(output.toString(), "Lease expiry paused")).isEqualTo(1);
		assertThat(output).doesNotContain("Lease expiry failed").doesNotContain("\tat ");

		this.journal.failing = false;
		assertThat(this.expirer.expire()).extracting(RegistryChange::instanceId).containsExactly("pay-1");
		assertThat(occurrences(output.toString(), "Lease expiry resumed")).isEqualTo(1);
		this.expirer.expire();
		assertThat(occurrences(output.toString(), "Lease expiry resumed")).isEqualTo(1);
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	/** A journal that refuses writes while told to, as the file journal does on a full disk. */
	private static final class FailingJournal extends RecoveredJournal {

		volatile boolean failing;

		@Override
		public void reserve(long index) {
			if (this.failing) {
				throw new StoreUnavailableException("The registry cannot write its journal: No space left on device");
			}
		}

	}

}
