package dev.discovery.server.epoch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RegistryEpochTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	@Test
	void epochWithoutRestoredStateShouldWarmUpForOneLeaseTtl() {
		RegistryEpoch epoch = new RegistryEpoch("e1", Duration.ofSeconds(15), this.nanos::get);
		assertThat(epoch.warmingUp()).isTrue();
		this.nanos.addAndGet(Duration.ofSeconds(14).toNanos());
		assertThat(epoch.warmingUp()).isTrue();
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(epoch.warmingUp()).isFalse();
		assertThat(epoch.restored()).isFalse();
	}

	@Test
	void restoredEpochShouldNotWarmUp() {
		RegistryEpoch epoch = new RegistryEpoch("e1", Duration.ofSeconds(15), this.nanos::get);
		epoch.markRestored();
		assertThat(epoch.restored()).isTrue();
		assertThat(epoch.warmingUp()).isFalse();
	}

	@Test
	void randomEpochsShouldDiffer() {
		assertThat(RegistryEpoch.random(Duration.ofSeconds(15)).id())
			.isNotEqualTo(RegistryEpoch.random(Duration.ofSeconds(15)).id())
			.hasSize(16);
	}

	@Test
	void epochShouldBeAHeaderValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RegistryEpoch("a b", Duration.ZERO, System::nanoTime));
		assertThatIllegalArgumentException().isThrownBy(() -> new RegistryEpoch("", Duration.ZERO, System::nanoTime));
		assertThat(new RegistryEpoch("cluster-7", Duration.ZERO, System::nanoTime).matches(" cluster-7 ")).isTrue();
	}

}
